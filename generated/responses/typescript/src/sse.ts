// DO NOT EDIT: copied by eventgen from eventgen/runtime_ts/sse.ts.
// Run `eventgen generate` to refresh it.
/**
 * An incremental server-sent events decoder: bytes (or text) in, `ServerSentEvent`s out.
 *
 * The same rules as the Python package's `sse` module, which follow the WHATWG HTML
 * Living Standard, "Interpreting an event stream":
 *
 * - UTF-8 decode with replacement (one U+FFFD per maximal invalid subpart), never
 *   throwing; one leading BOM is dropped, even when it arrives split across chunks.
 * - Lines end at CRLF, LF or CR. A CR that ends one chunk already ends its line, so a
 *   LF that starts the next chunk is swallowed rather than read as a blank line.
 * - `:` starts a comment. A field is the text before the first colon, its value the
 *   text after it with one leading space removed; a line without a colon is a field
 *   with an empty value. Unknown fields are ignored; names are case-sensitive.
 * - `data` lines are joined with LF. `event` sets the type (`message` when unset or
 *   empty). `id` sets the last event ID unless it contains NUL; the ID persists across
 *   events. `retry` counts only when it is all ASCII digits.
 * - A blank line dispatches. A block without data dispatches nothing and resets the
 *   type. A block not ended by a blank line when the input ends is dropped.
 *
 * The decoder works on bytes, line by line: each chunk is scanned once and a partial
 * line waits as a list of pieces, so the work is linear in the input whatever the
 * chunking. It needs nothing beyond ES2022 (no TextDecoder), so it runs in Node,
 * Deno, Bun and browsers alike.
 */

export interface ServerSentEvent {
  /** The event type; `message` when the block set none. */
  event: string;
  /** The data lines, joined with LF. */
  data: string;
  /** The last event ID when the event was dispatched. */
  id: string;
  /** The last valid `retry` of the event's block, if any. */
  retry: number | null;
  /** Byte offset in the stream where the event's block starts. */
  offset: number;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);

export class SSEDecoder {
  /** The ID set by the last dispatched block, as an EventSource keeps it. */
  lastEventId = "";
  /** The reconnection time in ms, once a valid `retry` was seen. */
  retry: number | null = null;
  private head: Uint8Array | null = EMPTY; // bytes seen while a BOM is still possible
  private pending: Uint8Array[] = []; // pieces of a line not yet ended
  private skipLf = false; // the last chunk ended in CR
  private consumed = 0; // bytes of complete lines handled so far
  private blockStart = -1; // offset of the current block, -1 between blocks
  private data: string[] = [];
  private type = "";
  private id = "";
  private blockRetry: number | null = null;

  /** Decode one chunk; return the events it completes. */
  feed(input: Uint8Array | string): ServerSentEvent[] {
    let chunk = typeof input === "string" ? encodeUtf8(input) : input;
    const events: ServerSentEvent[] = [];
    if (this.head !== null) {
      chunk = this.stripBom(concat([this.head, chunk]));
    }
    if (chunk.length === 0) {
      return events;
    }
    let start = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (chunk[0] === LF) {
        // the LF of a CRLF split across chunks
        this.consumed += 1;
        start = 1;
      }
    }
    const n = chunk.length;
    for (let i = start; i < n; i++) {
      const b = chunk[i];
      if (b !== LF && b !== CR) {
        continue;
      }
      let line = chunk.subarray(start, i);
      if (this.pending.length > 0) {
        this.pending.push(line);
        line = concat(this.pending);
        this.pending = [];
      }
      let size = line.length + 1;
      if (b === CR) {
        if (i + 1 === n) {
          this.skipLf = true; // a LF may start the next chunk
        } else if (chunk[i + 1] === LF) {
          size += 1;
          i += 1;
        }
      }
      this.line(line, size, events);
      start = i + 1;
    }
    if (start < n) {
      this.pending.push(chunk.slice(start)); // a copy: the caller may reuse its buffer
    }
    return events;
  }

  /** End of input: a partial line and an unfinished block are dropped. */
  close(): ServerSentEvent[] {
    this.pending = [];
    this.data = [];
    this.type = "";
    this.blockRetry = null;
    this.blockStart = -1;
    return [];
  }

  private stripBom(head: Uint8Array): Uint8Array {
    // Only at offset 0, and it may arrive a byte at a time.
    if (head.length < BOM.length && head.every((b, i) => b === BOM[i])) {
      this.head = head;
      return EMPTY;
    }
    this.head = null;
    if (head.length >= BOM.length && BOM.every((b, i) => head[i] === b)) {
      this.consumed += BOM.length;
      return head.subarray(BOM.length);
    }
    return head;
  }

  /** Interpret one line (without its end), `size` bytes with the end. */
  private line(line: Uint8Array, size: number, events: ServerSentEvent[]): void {
    if (this.blockStart < 0) {
      this.blockStart = this.consumed;
    }
    this.consumed += size;
    if (line.length === 0) {
      this.dispatch(events);
      return;
    }
    const colon = line.indexOf(COLON);
    if (colon === 0) {
      return; // a comment
    }
    let nameEnd: number;
    let start: number;
    if (colon < 0) {
      nameEnd = line.length;
      start = line.length;
    } else {
      nameEnd = colon;
      start = line[colon + 1] === SPACE ? colon + 2 : colon + 1;
    }
    const name = decodeUtf8(line, 0, nameEnd);
    if (name === "data") {
      this.data.push(decodeUtf8(line, start, line.length));
    } else if (name === "event") {
      this.type = decodeUtf8(line, start, line.length);
    } else if (name === "id") {
      if (line.indexOf(0, start) < 0) {
        this.id = decodeUtf8(line, start, line.length);
      }
    } else if (name === "retry") {
      const value = line.subarray(start);
      if (value.length > 0 && value.every((b) => b >= 0x30 && b <= 0x39)) {
        this.retry = this.blockRetry = Number(decodeUtf8(value, 0, value.length));
      }
    }
  }

  private dispatch(events: ServerSentEvent[]): void {
    this.lastEventId = this.id;
    if (this.data.length > 0) {
      events.push({
        event: this.type || "message",
        data: this.data.join("\n"),
        id: this.id,
        retry: this.blockRetry,
        offset: this.blockStart,
      });
      this.data = [];
    }
    this.type = "";
    this.blockRetry = null;
    this.blockStart = -1;
  }
}

/**
 * SSE text that `SSEDecoder` reads back as `events` (offsets aside).
 *
 * `event:` is left out for `message`, `id:` is written only when the ID changes (it
 * persists on the reading side), and each line of data gets its own `data:` line.
 * Throws for what no frame can carry: an empty type, a CR or LF in the type or ID, a
 * NUL in the ID, a CR in the data, or a negative retry.
 */
export function writeSSE(events: Iterable<Omit<ServerSentEvent, "offset">>): string {
  const out: string[] = [];
  let lastId = "";
  for (const event of events) {
    if (!event.event || /[\r\n]/.test(event.event)) {
      throw new RangeError(`event type ${JSON.stringify(event.event)} cannot be written as an SSE frame`);
    }
    if (/[\r\n\0]/.test(event.id)) {
      throw new RangeError(`event id ${JSON.stringify(event.id)} cannot be written as an SSE frame`);
    }
    if (event.data.includes("\r")) {
      throw new RangeError("event data holds a CR, which SSE cannot carry");
    }
    if (event.retry !== null && !(event.retry >= 0)) {
      throw new RangeError(`retry ${event.retry} is not a whole number of milliseconds`);
    }
    if (event.event !== "message") {
      out.push(`event: ${event.event}\n`);
    }
    if (event.id !== lastId) {
      out.push(`id: ${event.id}\n`);
      lastId = event.id;
    }
    if (event.retry !== null) {
      out.push(`retry: ${event.retry}\n`);
    }
    for (const line of event.data.split("\n")) {
      out.push(`data: ${line}\n`);
    }
    out.push("\n");
  }
  return out.join("");
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) {
    return parts[0];
  }
  let size = 0;
  for (const part of parts) {
    size += part.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The UTF-8 text of `bytes[start:end]`, each maximal invalid subpart replaced by U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  const parts: string[] = [];
  let units: number[] = [];
  const flush = (): void => {
    parts.push(String.fromCharCode(...units));
    units = [];
  };
  if (ascii) {
    for (let i = start; i < end; i += 8192) {
      units = Array.from(bytes.subarray(i, Math.min(end, i + 8192)));
      flush();
    }
    return parts.join("");
  }
  let i = start;
  while (i < end) {
    if (units.length >= 8192) {
      flush();
    }
    const b = bytes[i];
    if (b < 0x80) {
      units.push(b);
      i += 1;
      continue;
    }
    let need: number;
    let point: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      point = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      point = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      point = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      units.push(0xfffd);
      i += 1;
      continue;
    }
    let j = i + 1;
    let complete = true;
    for (let k = 0; k < need; k++, j++) {
      const c = j < end ? bytes[j] : -1;
      if (c < lower || c > upper) {
        complete = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      point = (point << 6) | (c & 0x3f);
    }
    if (!complete) {
      units.push(0xfffd); // bytes i..j-1; byte j starts afresh
      i = j;
      continue;
    }
    if (point > 0xffff) {
      point -= 0x10000;
      units.push(0xd800 + (point >> 10), 0xdc00 + (point & 0x3ff));
    } else {
      units.push(point);
    }
    i = j;
  }
  flush();
  return parts.join("");
}

/** The UTF-8 bytes of `text`; a lone surrogate becomes U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let point = text.charCodeAt(i);
    if (point >= 0xd800 && point <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (point <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        point = 0x10000 + ((point - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
      } else {
        point = 0xfffd;
      }
    }
    if (point < 0x80) {
      out[at++] = point;
    } else if (point < 0x800) {
      out[at++] = 0xc0 | (point >> 6);
      out[at++] = 0x80 | (point & 0x3f);
    } else if (point < 0x10000) {
      out[at++] = 0xe0 | (point >> 12);
      out[at++] = 0x80 | ((point >> 6) & 0x3f);
      out[at++] = 0x80 | (point & 0x3f);
    } else {
      out[at++] = 0xf0 | (point >> 18);
      out[at++] = 0x80 | ((point >> 12) & 0x3f);
      out[at++] = 0x80 | ((point >> 6) & 0x3f);
      out[at++] = 0x80 | (point & 0x3f);
    }
  }
  return out.subarray(0, at);
}

