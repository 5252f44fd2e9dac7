// Run by tests/test_typescript.py with `node --test`, after one tsc run has compiled
// every catalog's TypeScript. EVENTGEN_CASES names a JSON file the Python side wrote:
// for each catalog, its compiled module and its sample streams with the events the
// Python package reads from them; and SSE inputs with what the Python decoder gives.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

const cases = JSON.parse(fs.readFileSync(process.env.EVENTGEN_CASES, "utf8"));

function chunked(bytes, size) {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

function cut(bytes, offsets) {
  const chunks = [];
  let start = 0;
  for (const end of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

function describe(pkg, event) {
  const kind = pkg.isKnownEvent(event) ? "known" : "malformed" in event ? "malformed" : "unknown";
  return { kind, event: event.event, data: event.data, text: pkg.dataText(event), sse: pkg.toSSE(event) };
}

for (const catalog of cases.catalogs) {
  const pkg = await import(pathToFileURL(catalog.module).href);
  for (const stream of catalog.streams) {
    const name = `${catalog.name}: ${path.basename(stream.file)}`;
    test(`${name} gives the events the Python package gives, whatever the chunking`, () => {
      const raw = new Uint8Array(fs.readFileSync(stream.file));
      for (const size of [raw.length || 1, 1, 7, 4096]) {
        const events = [...pkg.iterEvents(chunked(raw, size), { errors: "keep" })];
        assert.deepEqual(events.map((e) => describe(pkg, e)), stream.expected, `chunks of ${size}`);
      }
    });
    test(`${name} writes back as the Python package writes it, and reads back the same`, () => {
      const raw = new Uint8Array(fs.readFileSync(stream.file));
      const events = [...pkg.iterEvents(raw, { errors: "keep" })];
      const text = pkg.serialize(events);
      assert.equal(text, stream.serialized);
      const again = [...pkg.iterEvents(text, { errors: "keep" })];
      assert.deepEqual(again.map((e) => describe(pkg, e)), events.map((e) => describe(pkg, e)));
    });
    test(`${name} through the async reader`, async () => {
      const raw = new Uint8Array(fs.readFileSync(stream.file));
      async function* body() {
        yield* chunked(raw, 1000);
      }
      const events = [];
      for await (const event of pkg.aiterEvents(body(), { errors: "keep" })) events.push(event);
      assert.deepEqual(events.map((e) => describe(pkg, e)), stream.expected);
    });
  }
  test(`${catalog.name}: an edited payload is dumped afresh, an unedited one kept as it came`, () => {
    for (const stream of catalog.streams.slice(0, 1)) {
      const raw = new Uint8Array(fs.readFileSync(stream.file));
      for (const event of pkg.iterEvents(raw, { errors: "keep" })) {
        if (!pkg.isKnownEvent(event) || typeof event.data !== "object" || event.data === null) continue;
        const before = pkg.dataText(event);
        event.data.eventgen_added = 1;
        const after = JSON.parse(pkg.dataText(event));
        const inner = Object.keys(after).length === 1 && !("eventgen_added" in after) ? Object.values(after)[0] : after;
        assert.equal(inner.eventgen_added, 1);
        delete event.data.eventgen_added;
        assert.equal(pkg.dataText(event), before);
      }
    }
  });
}

for (const vector of cases.sse) {
  test(`SSE decoder: ${vector.name}`, async () => {
    const { SSEDecoder } = await import(pathToFileURL(cases.catalogs[0].module).href);
    const bytes = Uint8Array.from(Buffer.from(vector.hex, "hex"));
    for (const offsets of vector.chunkings) {
      const decoder = new SSEDecoder();
      const events = [];
      for (const chunk of cut(bytes, offsets)) events.push(...decoder.feed(chunk));
      events.push(...decoder.close());
      assert.deepEqual(events, vector.expected, `cut at ${offsets}`);
      assert.equal(decoder.lastEventId, vector.last_event_id);
      assert.equal(decoder.retry, vector.retry);
    }
  });
}

test("the Assistants types are used as a client would", async () => {
  const usage = await import(pathToFileURL(cases.usage).href);
  const lines = usage.summarize(fs.readFileSync(cases.usage_stream, "utf8"));
  assert.ok(lines.length > 5);
  assert.deepEqual(usage.statuses, ["paused", "queued"]);
  assert.equal(usage.kindOf("thread.run.incomplete", "{}"), "thread.run.incomplete");
  assert.equal(usage.kindOf("thread.run.paused", "{}"), "unknown thread.run.paused");
});
