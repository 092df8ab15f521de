/**
 * What a CLI command may touch of the outside world, injected so tests can run commands
 * in-process and read what they printed. Commands never call process.exit: they return the
 * exit code (0 ok, 1 verification/refusal, 2 usage or I/O error).
 */
import type { Lang } from '../src-shared/errors/system-failure.ts';
import { errorWords } from '../src-shared/errors/error-words.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: long work shows a progress bar there (progress.ts), else plain lines. */
  stderrTty?: boolean;
  /** The command line asked for --json: refusals print as `{ ok: false, error }` on stdout (FR-138). */
  json?: boolean;
  /** The command line's `--lang` (en unless zh-CN): the language of a refusal's words (FR-138). */
  lang?: Lang;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  stderrTty: process.stderr.isTTY === true,
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * A typed refusal as one line (FR-149): `CODE: message` in English, as the code and its internal
 * message always read; in Chinese the code, the operator words the station UI shows for it
 * (src-shared/errors/words-zh-CN.ts), then the internal message in full-width brackets as the
 * detail: `STATION_NOT_PROVISIONED: 此工作站尚无身份。请先由 IT 进行设置。（/tmp/x.db does not exist …）`.
 * A code without words (CLI-only codes) keeps its message alone.
 */
export function refusalText(io: Pick<CliIo, 'lang'>, error: { code: string; message: string }): string {
  const words = io.lang === 'zh-CN' ? errorWords(error.code, 'zh-CN') : undefined;
  return words === undefined ? `${error.code}: ${error.message}` : `${error.code}: ${words}（${error.message}）`;
}

/**
 * A typed refusal as `{ ok: false, error }` JSON (FR-149): `message` is the operator words for
 * the code in --lang, `detail` the internal message (its specifics: a path, a sequence number);
 * `details` and any other field of the error as given. A code without words keeps its message.
 */
export function refusalJson(io: Pick<CliIo, 'lang'>, error: { code: string; message: string }): { ok: false; error: { code: string; message: string; detail?: string } } {
  const words = errorWords(error.code, io.lang ?? 'en');
  return { ok: false, error: words === undefined ? error : { ...error, message: words, detail: error.message } };
}

/** Prints a typed refusal: as `{ ok: false, error }` JSON with --json, else `CODE: message`, in --lang (refusalText, refusalJson). */
export function printFailure(io: CliIo, json: unknown, error: { code: string; message: string }, exit: number): number {
  if (json) io.out(JSON.stringify(refusalJson(io, error)));
  else io.err(refusalText(io, error));
  return exit;
}

/**
 * Prints a refusal whose message is already the operator's words in --lang (a usage error, a
 * file the system refused, a bad number: FR-138): as it is, JSON with --json.
 */
export function printWordedFailure(io: CliIo, json: unknown, error: { code: string; message: string; detail?: string }, exit: number): number {
  if (json) io.out(JSON.stringify({ ok: false, error }));
  else io.err(`${error.code}: ${error.message}`);
  return exit;
}

/** A typed refusal in the form the command line asked for (FR-138, FR-149): JSON with --json, else `CODE: message`, in --lang. */
export function refuse(io: CliIo, error: { code: string; message: string }): void {
  printFailure(io, io.json, error, EXIT_USAGE);
}
