// DO NOT EDIT: copied by eventgen from eventgen/runtime_ts/runtime.ts.
// Run `eventgen generate` to refresh it.
/**
 * What every generated TypeScript package shares: payload checks with JSON paths, the
 * errors they throw, SSE frames, and the data text an event writes back.
 *
 * Payloads stay the plain objects `JSON.parse` gives: the generated `decode` functions
 * only check each value's JSON type where the schema names one, and throw
 * `PayloadError` with its path otherwise. `null` is accepted in every field, even a
 * required one, because real streams send it. Keys, enum values and union members the
 * schema does not know are kept as they came.
 */

import { SSEDecoder, type ServerSentEvent } from "./sse.js";

/** `"$"`, or `[parent, key]`: a key of an object or an index of an array. */
export type JsonPath = string | readonly [JsonPath, string | number];

/** The path as text: `$.delta.content[0].text`. */
export function renderPath(path: JsonPath): string {
  const keys: (string | number)[] = [];
  let at = path;
  while (typeof at !== "string") {
    keys.push(at[1]);
    at = at[0];
  }
  return at + keys.reverse().map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
}

/** The JSON name of a decoded value's type, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "object") {
    return typeof value;
  }
  return typeof value;
}

/** A payload value has the wrong JSON type; `path` is where, as in `$.delta.content[0]`. */
export class PayloadError extends Error {
  readonly path: string;
  readonly expected: string;
  readonly value: unknown;
  constructor(path: string, expected: string, value: unknown) {
    super(`${path}: expected ${expected}, got ${jsonType(value)}`);
    this.name = "PayloadError";
    this.path = path;
    this.expected = expected;
    this.value = value;
  }
}

/** The data of a known event could not be decoded: its name, the byte offset of its
 * block in the stream, the start of its data and why. */
export class StreamDecodeError extends Error {
  readonly event: string;
  readonly offset: number;
  readonly excerpt: string;
  readonly reason: string;
  constructor(event: string, offset: number, data: string, reason: string) {
    const excerpt = data.length <= 80 ? data : data.slice(0, 77) + "...";
    super(
      `malformed data in ${JSON.stringify(event)} event at byte ${offset}: ${reason}; ` +
        `data: ${JSON.stringify(excerpt)}`,
    );
    this.name = "StreamDecodeError";
    this.event = event;
    this.offset = offset;
    this.excerpt = excerpt;
    this.reason = reason;
  }
}

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function checkObject(value: unknown, path: JsonPath): JsonObject {
  if (isObject(value)) return value;
  throw new PayloadError(renderPath(path), "an object", value);
}

export function checkString(value: unknown, path: JsonPath): string {
  if (typeof value === "string") return value;
  throw new PayloadError(renderPath(path), "a string", value);
}

export function checkInteger(value: unknown, path: JsonPath): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new PayloadError(renderPath(path), "an integer", value);
}

export function checkNumber(value: unknown, path: JsonPath): number {
  if (typeof value === "number") return value;
  throw new PayloadError(renderPath(path), "a number", value);
}

export function checkBoolean(value: unknown, path: JsonPath): boolean {
  if (typeof value === "boolean") return value;
  throw new PayloadError(renderPath(path), "a boolean", value);
}

export function keep(value: unknown, _path: JsonPath): unknown {
  return value;
}

/** Check each item of an array; `null` items are kept. */
export function checkList(
  check: (value: unknown, path: JsonPath) => unknown,
  value: unknown,
  path: JsonPath,
): unknown[] {
  if (!Array.isArray(value)) {
    throw new PayloadError(renderPath(path), "an array", value);
  }
  value.forEach((item, i) => {
    if (item !== null) check(item, [path, i]);
  });
  return value;
}

/** Check each value of an object used as a map; `null` values are kept. */
export function checkMap(
  check: (value: unknown, path: JsonPath) => unknown,
  value: unknown,
  path: JsonPath,
): JsonObject {
  const map = checkObject(value, path);
  for (const key of Object.keys(map)) {
    if (map[key] !== null) check(map[key], [path, key]);
  }
  return map;
}

/** Check the field `key` of `data` with `check` when it is present and not null. */
export function field(
  data: JsonObject,
  key: string,
  check: (value: unknown, path: JsonPath) => unknown,
  path: JsonPath,
): void {
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    const value = data[key];
    if (value !== null && value !== undefined) check(value, [path, key]);
  }
}

/** Check a member of a union told apart by `type`: a known tag goes to its variant's
 * check; any other object is an unknown variant, kept whole. */
export function checkVariant(
  variants: ReadonlyMap<string, (value: unknown, path: JsonPath) => unknown>,
  value: unknown,
  path: JsonPath,
  allowString: boolean,
): unknown {
  if (allowString && typeof value === "string") return value;
  const data = checkObject(value, path);
  const tag = data["type"];
  const check = typeof tag === "string" ? variants.get(tag) : undefined;
  if (check !== undefined) check(data, path);
  return data;
}

/** Parse JSON text; throws SyntaxError when it is not JSON. */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** Equal as JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]))
    );
  }
  return false;
}

/** Compact JSON, as the APIs write it. */
export function dumps(value: unknown): string {
  return JSON.stringify(value);
}

/** One SSE frame: `event:` line, one `data:` line per line of data, blank line. */
export function frame(event: string, data: string): string {
  // Refuse what would read back differently: a CR or LF would end the `event:` line
  // early, an empty name reads back as `message`, and a CR in data ends a line.
  if (!event || /[\r\n]/.test(event)) {
    throw new RangeError(`event name ${JSON.stringify(event)} cannot be written as an SSE frame`);
  }
  if (data.includes("\r")) {
    throw new RangeError(`data of ${JSON.stringify(event)} holds a CR, which SSE cannot carry`);
  }
  return `event: ${event}\n${data.split("\n").map((line) => `data: ${line}\n`).join("")}\n`;
}

interface Received {
  raw: string;
  wrapped: boolean;
}

const RECEIVED = new WeakMap<object, Received>();

/** Remember the data text an event was parsed from, so it writes back unchanged. */
export function received<T extends object>(event: T, raw: string, wrapped: boolean): T {
  RECEIVED.set(event, { raw, wrapped });
  return event;
}

/** The data text of an event with a JSON payload: as received while the payload still
 * says the same, else dumped afresh (wrapped in `envelope` when the event came wrapped,
 * or was built in code). */
export function dataText(event: { data: unknown }, envelope: string | null): string {
  const seen = RECEIVED.get(event);
  const wrapped = envelope !== null && (seen === undefined || seen.wrapped);
  const payload = wrapped ? { [envelope]: event.data } : event.data;
  if (seen !== undefined) {
    try {
      if (sameJson(JSON.parse(seen.raw), payload)) return seen.raw;
    } catch {
      // not JSON any more: dump the payload
    }
  }
  return dumps(payload);
}

/** A known event whose data did not decode (with `errors: "keep"`): kept raw. */
export interface MalformedEvent {
  readonly malformed: true;
  event: string;
  data: string;
  /** Byte offset of the event's block in the stream. */
  offset: number;
  /** Why decoding failed. */
  reason: string;
}

/** `strict` throws `StreamDecodeError` on data that does not decode; `keep` yields a
 * `MalformedEvent` instead and goes on. */
export type Errors = "strict" | "keep";

/** What `iterEvents` reads: the whole stream, or chunks of it. */
export type Source = string | Uint8Array | Iterable<string | Uint8Array>;

const READ_SIZE = 64 * 1024;

function* chunks(source: Source): Generator<string | Uint8Array> {
  if (typeof source === "string" || source instanceof Uint8Array) {
    // A whole stream is fed in slices, so events are handed on as they come.
    const bytes = typeof source === "string" ? null : source;
    if (bytes === null) {
      yield source;
      return;
    }
    for (let start = 0; start < bytes.length; start += READ_SIZE) {
      yield bytes.subarray(start, start + READ_SIZE);
    }
    return;
  }
  yield* source;
}

/** `typed(sse)` for every event decoded from `source`. */
export function* iterTyped<T>(source: Source, typed: (sse: ServerSentEvent) => T): Generator<T> {
  const decoder = new SSEDecoder();
  for (const chunk of chunks(source)) {
    for (const sse of decoder.feed(chunk)) {
      yield typed(sse);
    }
  }
  decoder.close();
}

/** `typed(sse)` for every event decoded from an async iterable of chunks (a fetch
 * response body in Node, Deno and browsers). */
export async function* aiterTyped<T>(
  source: AsyncIterable<string | Uint8Array>,
  typed: (sse: ServerSentEvent) => T,
): AsyncGenerator<T> {
  const decoder = new SSEDecoder();
  for await (const chunk of source) {
    for (const sse of decoder.feed(chunk)) {
      yield typed(sse);
    }
  }
  decoder.close();
}

/** The reason text of an error thrown while decoding data. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

