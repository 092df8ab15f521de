/**
 * The hub's one JSON body reader. It keeps the raw bytes (a station's request signature covers
 * the body exactly as sent) and refuses, as the caller's fault (400), text PostgreSQL cannot
 * store: a NUL character (`\u0000`) or half of a UTF-16 surrogate pair, escaped in the JSON.
 * Both reached the database and came back as a 500 (issue 18 item 16); no GMP text has them.
 */
export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** An escape preceded by an even number of backslashes is an escape, not escaped text. */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/i;
const HIGH = /(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})/;
const LOW = /(?<!\\)(?:\\\\)*(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;

export function readJsonBody(raw: Buffer): JsonBody {
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
