/**
 * Numbers on the command line (FR-138). `Number()` also takes "0x1F90" (8080), "1e3" (1000),
 * " 7 " (7), "0b11" (3) and "" (0): `--port 0x1F90` ran a hub on 8080. These take the decimal
 * spelling only, the same patterns as numbers in a hub URL (src-shared/api/query-number.ts), then
 * hold the number to its range. A refusal is thrown as a CliRefusal, which main() prints as a
 * typed failure (NUMBER_INVALID, exit 2; JSON with --json) in the --lang language, before the
 * command opens or writes anything.
 */
import { DECIMAL_INTEGER, DECIMAL_NUMBER } from '../src-shared/api/query-number.ts';
import type { Lang } from '../src-shared/errors/system-failure.ts';

/** A command-line refusal with its words in each language; main() prints it and exits 2. */
export class CliRefusal extends Error {
  constructor(
    readonly code: string,
    readonly words: Record<Lang, string>,
  ) {
    super(`${code}: ${words.en}`);
    this.name = 'CliRefusal';
  }
}

function range(min: number, max: number, lang: Lang): string {
  if (max >= Number.MAX_SAFE_INTEGER) return lang === 'en' ? `at least ${min}` : `不小于 ${min}`;
  return `${min}–${max}`;
}

function refuse(flag: string, value: unknown, min: number, max: number, whole: boolean): never {
  const shown = JSON.stringify(String(value ?? ''));
  throw new CliRefusal('NUMBER_INVALID', {
    en: `${flag} takes ${whole ? 'a whole number' : 'a number'} ${range(min, max, 'en')} in decimal digits, not ${shown}`,
    'zh-CN': `${flag} 需要以十进制数字书写的${whole ? '整数' : '数'}（${range(min, max, 'zh-CN')}），而不是 ${shown}`,
  });
}

/** A whole number from `min` to `max` spelt in decimal digits (no hex, exponent, spaces or fraction), or a CliRefusal. */
export function cliInteger(flag: string, value: unknown, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' && (typeof value !== 'string' || !DECIMAL_INTEGER.test(value))) refuse(flag, value, min, max, true);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) refuse(flag, value, min, max, true);
  return n;
}

/** A number (an optional fraction, no exponent) from `min` to `max` spelt in decimal digits, or a CliRefusal. */
export function cliNumber(flag: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' && (typeof value !== 'string' || !DECIMAL_NUMBER.test(value))) refuse(flag, value, min, max, false);
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) refuse(flag, value, min, max, false);
  return n;
}

/** `cliInteger` for an option that may be left out. */
export function cliOptionalInteger(flag: string, value: unknown, min: number, max?: number): number | undefined {
  return value === undefined ? undefined : cliInteger(flag, value, min, max);
}
