import { describe, expect, it } from 'vitest';
import { createInstance, type TFunction } from 'i18next';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { EXPRESSION_REASON_CODES, parseExpression, type ExpressionReasonCode } from '../../src-shared/recipe/form-expression.ts';
import { expressionReason } from './expression-words.ts';

async function tOf(locale: 'en' | 'zh-CN'): Promise<TFunction> {
  // Its own i18next instance (shared workers): the console's settings.
  const i18n = createInstance();
  await i18n.init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n.t;
}

/** One expression the parser refuses for each of its reasons. */
const REFUSED: Record<ExpressionReasonCode, string> = {
  empty: '   ',
  'unexpected-character': 'mass; 2',
  'expected-token': 'round(mass, 2',
  'expected-operand': 'mass * ',
  'unknown-function': 'sqrt(mass)',
  'too-deep': `${'('.repeat(70)}1${')'.repeat(70)}`,
  'abs-arguments': 'abs(mass, 2)',
  'round-arguments': 'round(mass)',
  'trailing-text': 'mass 2',
};

describe('a calculation\'s parse reason in the console', () => {
  it('FR-118 every reason the parser gives is a code and values, worded in English as the parser words it and in Chinese in a zh-CN console', async () => {
    const en = await tOf('en');
    const zh = await tOf('zh-CN');
    expect(Object.keys(REFUSED).sort()).toEqual([...EXPRESSION_REASON_CODES].sort());
    for (const [code, src] of Object.entries(REFUSED)) {
      const p = parseExpression(src);
      expect(p.ok, src).toBe(false);
      if (p.ok) continue;
      expect(p.code, src).toBe(code);
      expect(expressionReason(en, p.code, p.params), src).toBe(p.reason);
      const words = expressionReason(zh, p.code, p.params);
      expect(words, src).toMatch(/[\u4e00-\u9fff]/);
      // No English sentence left in the Chinese words: only what the expression itself holds (names, characters).
      expect(words.replace(/abs|round|min|max|sqrt|mass|\(x, 2\)/g, ''), src).not.toMatch(/[A-Za-z]{3,}/);
    }
    const end = parseExpression('mass *');
    expect(!end.ok && expressionReason(zh, end.code, end.params)).toBe('此处应为数字、字段或“(”（第 7 个字符，表达式末尾）');
    const unknown = parseExpression('sqrt(mass)');
    expect(!unknown.ok && expressionReason(zh, unknown.code, unknown.params)).toBe('未知函数“sqrt”（可用：abs, min, max, round）（第 1 个字符：“sqrt”）');
  });
});
