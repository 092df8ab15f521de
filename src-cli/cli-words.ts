/**
 * The CLI's own words in the operator's language (FR-155): every line a command prints that is
 * not data (a success, a progress note, a warning, a refusal of its own) comes from one
 * catalogue per language (words/cli-words-en.ts, words/cli-words-zh-CN.ts), chosen by `--lang`.
 * Keys have no dots (i18next's key separator); values take `{{name}}` placeholders, as i18next
 * does, so the catalogues can move into the project's i18next set unchanged.
 *
 * A command's own refusal is typed (a code from src-shared/errors, words from this catalogue in
 * --lang, `{ ok: false, error }` JSON with --json), never a bare English line.
 */
import type { CliIo } from './cli-io.ts';
import { EXIT_USAGE, printWordedFailure } from './cli-io.ts';
import type { ErrorCode } from '../src-shared/errors.ts';
import { cliWordsEn, type CliWordKey } from './words/cli-words-en.ts';
import { cliWordsZhCN } from './words/cli-words-zh-CN.ts';
import { RECORD_LINE_TEXT } from '../src-shared/record/record-line-text.ts';

export type { CliWordKey } from './words/cli-words-en.ts';

export const CLI_WORDS: Readonly<Record<'en' | 'zh-CN', Readonly<Record<CliWordKey, string>>>> = { en: cliWordsEn, 'zh-CN': cliWordsZhCN };

export type WordVars = Readonly<Record<string, string | number>>;

/** The words for `key` in the language of `io` (en unless zh-CN), placeholders filled. */
export function say(io: Pick<CliIo, 'lang'>, key: CliWordKey, vars: WordVars = {}): string {
  const template = CLI_WORDS[io.lang === 'zh-CN' ? 'zh-CN' : 'en'][key];
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/**
 * A command's own refusal, typed: `CODE: <words in --lang>` on stderr, or `{ ok: false, error:
 * { code, message, detail } }` on stdout with --json (message in --lang, detail the English
 * sentence, as printFailure gives it); returns `exit`.
 */
export function refuseIn(io: CliIo, code: ErrorCode | 'USAGE_INVALID' | 'NUMBER_INVALID', key: CliWordKey, vars: WordVars, exit: number): number {
  return printWordedFailure(io, io.json, { code, message: say(io, key, vars), detail: say({ lang: 'en' }, key, vars) }, exit);
}

/**
 * A signature's recorded meaning (released, reviewed…) in --lang: in zh-CN the record print's
 * words (放行, 审核…), in English the recorded word as it is; a meaning without words stays as recorded.
 */
export function meaningWords(io: Pick<CliIo, 'lang'>, meaning: string): string {
  if (io.lang !== 'zh-CN') return meaning;
  const words = RECORD_LINE_TEXT['zh-CN'].codes.meaning;
  return Object.hasOwn(words, meaning) ? words[meaning]! : meaning;
}

/** A command's own usage refusal (FR-155): USAGE_INVALID, exit 2, worded in --lang, JSON with --json. */
export function refuseUsage(io: CliIo, key: CliWordKey, vars: WordVars = {}): number {
  return refuseIn(io, 'USAGE_INVALID', key, vars, EXIT_USAGE);
}

/** A qualification check's outcome on the console (qualify, hub iq). */
export const OUTCOME_WORDS: Readonly<Record<'pass' | 'fail' | 'n/a', CliWordKey>> = { pass: 'checkPass', fail: 'checkFail', 'n/a': 'checkNa' };
