/**
 * What a CLI command may touch of the outside world, injected so tests can run commands
 * in-process and read what they printed. Commands never call process.exit: they return the
 * exit code (0 ok, 1 verification/refusal, 2 usage or I/O error).
 */
import type { Lang } from '../src-shared/errors/system-failure.ts';

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

/** Prints a typed refusal: as `{ ok: false, error }` JSON with --json, else `CODE: message`. */
export function printFailure(io: CliIo, json: unknown, error: { code: string; message: string }, exit: number): number {
  if (json) io.out(JSON.stringify({ ok: false, error }));
  else io.err(`${error.code}: ${error.message}`);
  return exit;
}

/** A typed refusal in the form the command line asked for (FR-138): JSON with --json, else `CODE: message`. */
export function refuse(io: CliIo, error: { code: string; message: string }): void {
  printFailure(io, io.json, error, EXIT_USAGE);
}

export function printUsage(io: CliIo, message: string): number {
  io.err(`usage: ${message}`);
  return EXIT_USAGE;
}
