/**
 * The hub's one JSON body reader. It keeps the raw bytes (a station's request signature covers
 * the body exactly as sent) and refuses, as the caller's fault (400), text PostgreSQL cannot
 * store: a NUL character (`\u0000`) or half of a UTF-16 surrogate pair, escaped in the JSON.
 * Both reached the database and came back as a 500 (issue 18 item 16); no GMP text has them.
 */
import { MAX_PUSH_ENTRIES } from '../../src-shared/sync/sync-protocol.ts';

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** An escape preceded by an even number of backslashes is an escape, not escaped text. */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/i;
const HIGH = /(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})/;
const LOW = /(?<!\\)(?:\\\\)*(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;

export function readJsonBody(raw: Buffer): JsonBody {
  const page = readPushPage(raw);
  if (page !== undefined) return { ok: true, value: page };
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the body is not valid JSON' };
  }
  if (text.includes('\\u') || text.includes('\\U')) {
    if (NUL_ESCAPE.test(text)) return { ok: false, message: 'the body contains a NUL character (\\u0000), which no field accepts' };
    if (HIGH.test(text) || LOW.test(text)) return { ok: false, message: 'the body contains half of a UTF-16 surrogate pair, which is not text' };
  }
  return { ok: true, value };
}

const ENTRIES_OPEN = Buffer.from('{"entries":[', 'utf8');
const NEXT_ENTRY = Buffer.from('},{"seq":', 'utf8');
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * A push page (`{"entries":[{…},…],…}`, as stations write it) read entry by entry (FR-150): each
 * entry's bytes become a small string that JSON.parse reads, instead of the whole ~0.3 MB body
 * becoming one string (a two-byte one when any text is not ASCII: fresh large-object memory for
 * every page, 60 profiled ms a round). Every entry and the rest of the body are still parsed by
 * JSON.parse, and the pieces are joined only by the exact bytes between them (`,` and `]`), so a
 * body read here is valid JSON with this value; anything else — another shape, whitespace between
 * entries, a piece JSON.parse refuses, "entries" twice, or any `\u` escape (the NUL and surrogate
 * checks above read the whole text) — gives undefined and the body is read whole, as before, with
 * the same answer. Byte offsets of the pieces are ASCII bytes, so no UTF-8 sequence is split.
 */
export function readPushPage(raw: Buffer): Record<string, unknown> | undefined {
  if (raw.length < ENTRIES_OPEN.length || raw.compare(ENTRIES_OPEN, 0, ENTRIES_OPEN.length, 0, ENTRIES_OPEN.length) !== 0) return undefined;
  if (raw.includes('\\u') || raw.includes('\\U')) return undefined;
  const entries: unknown[] = [];
  let i = ENTRIES_OPEN.length;
  try {
    if (raw[i] === BRACKET_CLOSE) i++;
    else {
      // Entries are cut where `},{"seq":` stands (how stations write them), the last one where
      // its braces close. Such bytes inside a text make a piece JSON.parse refuses: then whole.
      // More entries than a page may hold (the push schema refuses them anyway) are read whole:
      // this reader runs before the request's signature is checked, and a body of millions of
      // tiny entries cost 2.6-4.2x the whole-body parse's CPU piece by piece (review of FR-150).
      for (let next = raw.indexOf(NEXT_ENTRY, i); next >= 0; next = raw.indexOf(NEXT_ENTRY, i)) {
        if (entries.length >= MAX_PUSH_ENTRIES) return undefined;
        entries.push(JSON.parse(raw.toString('utf8', i, next + 1)));
        i = next + 2;
      }
      const end = objectEnd(raw, i);
      if (end < 0) return undefined;
      if (entries.length >= MAX_PUSH_ENTRIES) return undefined;
      entries.push(JSON.parse(raw.toString('utf8', i, end)));
      i = end;
      if (raw[i++] !== BRACKET_CLOSE) return undefined;
    }
    // What follows the array: `}` or `,"checkpoints":…}`, read as the object `{…}` it closes.
    const after = raw[i];
    if (after === COMMA ? raw[i + 1] !== QUOTE : after !== BRACE_CLOSE) return undefined;
    const rest: unknown = JSON.parse(after === COMMA ? `{${raw.toString('utf8', i + 1)}` : `{${raw.toString('utf8', i)}`);
    if (typeof rest !== 'object' || rest === null || Object.hasOwn(rest, 'entries')) return undefined;
    return { entries, ...rest };
  } catch {
    return undefined;
  }
}

/** The offset after the object starting at `start` (braces and brackets counted outside strings), or -1. */
function objectEnd(b: Buffer, start: number): number {
  if (b[start] !== BRACE_OPEN) return -1;
  let depth = 0;
  const n = b.length;
  for (let i = start; i < n; i++) {
    const c = b[i];
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = b[i];
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === BRACE_OPEN || c === BRACKET_OPEN) depth++;
    else if (c === BRACE_CLOSE || c === BRACKET_CLOSE) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
