/**
 * The operator words for an error code in one language, from the one catalogue the station UI,
 * the console and the CLI share (words-en.ts, words-zh-CN.ts). A code without words (a CLI-only
 * code such as USAGE_INVALID, or a code another area has not worded yet) gives undefined: the
 * caller then shows the error's own message.
 */
import type { ErrorCode } from '../errors.ts';
import type { Lang } from './system-failure.ts';
import { errorsEn } from './words-en.ts';
import { errorsZhCN } from './words-zh-CN.ts';

export const ERROR_WORDS: Readonly<Record<Lang, Partial<Record<ErrorCode, string>>>> = { en: errorsEn, 'zh-CN': errorsZhCN };

export function errorWords(code: string, lang: Lang): string | undefined {
  const catalogue = ERROR_WORDS[lang];
  return Object.hasOwn(catalogue, code) ? catalogue[code as ErrorCode] : undefined;
}
