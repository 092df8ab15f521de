import { describe, expect, it } from 'vitest';
import { readJsonBody } from './json-body.ts';

const read = (text: string) => readJsonBody(Buffer.from(text, 'utf8'));

describe('readJsonBody', () => {
  it('refuses what PostgreSQL cannot store: an escaped NUL and a lone surrogate', () => {
    expect(read('{"a":"x\\u0000y"}').ok).toBe(false);
    expect(read('{"\\u0000":1}').ok).toBe(false);
    expect(read('{"a":"\\ud800"}').ok).toBe(false);
    expect(read('{"a":"\\udc00x"}').ok).toBe(false);
    expect(read('{"a":').ok).toBe(false);
  });
  it('reads ordinary JSON, surrogate pairs and escaped backslashes followed by "u0000"', () => {
    expect(read('{"a":"\\ud83d\\ude00 中文"}')).toEqual({ ok: true, value: { a: '😀 中文' } });
    expect(read('{"a":"C:\\\\u0000dir"}')).toEqual({ ok: true, value: { a: 'C:\\u0000dir' } });
    expect(read('[1,2]')).toEqual({ ok: true, value: [1, 2] });
  });
});
