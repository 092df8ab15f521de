import { describe, expect, it } from 'vitest';
import { GS, parseBracketedElementString, parseRawElementString } from './element-string.ts';

const ctx = { referenceYear: 2025, separators: new Set([GS]) };
const raw = (s: string) => parseRawElementString(s, 0, ctx);
const bracketed = (s: string) => parseBracketedElementString(s, 0, ctx);
const pairs = (r: ReturnType<typeof raw>) => (r.ok ? r.value.map((e) => [e.ai, e.value]) : r.error.code);

describe('raw element strings', () => {
  it('needs no separator after predefined-length AIs and one after variable ones', () => {
    expect(pairs(raw(`0109501101530003171711251010ABC${GS}21XYZ`))).toEqual([['01', '09501101530003'], ['17', '171125'], ['10', '10ABC'], ['21', 'XYZ']]);
  });
  it('tolerates a leading FNC1 sent as GS, a superfluous one after a fixed AI, and a trailing one', () => {
    expect(pairs(raw(`${GS}0109501101530003${GS}10ABC${GS}`))).toEqual([['01', '09501101530003'], ['10', 'ABC']]);
  });
  it('records where each AI starts', () => {
    const r = raw(`0109501101530003${GS}10ABC`);
    expect(r.ok && r.value.map((e) => e.position)).toEqual([0, 17]);
  });
  it('refuses a predefined-length value cut short by a separator or the end', () => {
    const cut = raw(`01095011015300${GS}10ABC`);
    expect(!cut.ok && cut.error).toMatchObject({ code: 'BARCODE_BAD_LENGTH', details: { ai: '01', position: 14, length: 12 } });
    expect(pairs(raw('17251'))).toBe('BARCODE_BAD_LENGTH');
  });
  it('names a missing separator where a variable value overruns its maximum', () => {
    // (10) takes up to 20 characters; without GS it swallows (17)... and overruns
    const r = raw('10ABCDEFGHIJKLMNOPQRS17251231');
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_MISSING_SEPARATOR', details: { ai: '10' } });
  });
  it('calls a plain overrun without any AI in it too long', () => {
    const r = raw('10ABCDEFGHIJKLMNOPQRSTUVW');
    expect(!r.ok && r.error.code).toBe('BARCODE_BAD_LENGTH');
  });
  it('refuses unknown AIs with the AI and its position', () => {
    const r = raw(`0109501101530003891234`);
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_UNKNOWN_AI', details: { ai: '89', position: 16 } });
    const four = raw(`0109501101530003${GS}7099X`);
    expect(!four.ok && four.error).toMatchObject({ code: 'BARCODE_UNKNOWN_AI', details: { ai: '7099', position: 17 } });
  });
  it('refuses a non-digit where an AI must start', () => {
    const r = raw(`10ABC${GS}X1`);
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_UNKNOWN_AI', details: { position: 6 } });
  });
  it('refuses characters outside set 82 with their position', () => {
    const r = raw('10AB C');
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_BAD_CHARACTER', details: { ai: '10', position: 4, character: ' ' } });
  });
  it('accepts an alias for FNC1 when configured', () => {
    const alias = parseRawElementString('10ABC~21XYZ', 0, { ...ctx, separators: new Set([GS, '~']) });
    expect(pairs(alias)).toEqual([['10', 'ABC'], ['21', 'XYZ']]);
  });
  it('splits multi-component values (AI 8003 GRAI, AI 7007 harvest dates)', () => {
    const grai = raw('800302112345678900ABC');
    expect(grai.ok && grai.value[0]!.components).toEqual(['0', '2112345678900', 'ABC']);
    expect(pairs(raw('70072112252'))).toBe('BARCODE_BAD_LENGTH');
    expect(pairs(raw('7007211225'))).toEqual([['7007', '211225']]);
  });
});

describe('bracketed element strings', () => {
  it('parses the human-readable form', () => {
    expect(pairs(bracketed('(01)09521234543213(3103)000123'))).toEqual([['01', '09521234543213'], ['3103', '000123']]);
  });
  it('reads "\\(" as a literal parenthesis and "(" not followed by an AI as data', () => {
    expect(pairs(bracketed('(10)A\\(12)B(21)X(Y'))).toEqual([['10', 'A(12)B'], ['21', 'X(Y']]);
  });
  it('refuses malformed brackets with BARCODE_BAD_SYNTAX', () => {
    for (const bad of ['(1)ABC', '(ABCD)1', '10ABC', '(01']) {
      const r = bracketed(bad);
      expect(!r.ok && r.error.code, bad).toBe('BARCODE_BAD_SYNTAX');
    }
  });
  it('refuses an AI with nothing after it', () => {
    const r = bracketed('(01)09521234543213(10)');
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_BAD_LENGTH', details: { ai: '10' } });
  });
  it('refuses unknown bracketed AIs', () => {
    const r = bracketed('(89)ABC');
    expect(!r.ok && r.error).toMatchObject({ code: 'BARCODE_UNKNOWN_AI', details: { ai: '89', position: 1 } });
  });
});
