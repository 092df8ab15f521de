/**
 * A file the command was told to read or write that the system refuses (no such folder, a folder
 * where a file was named, no permission, disk full): a typed IO_ERROR and exit 2, in the
 * language the command was asked for, never Node's stack trace and exit 1 (FR-138). Only
 * errors the operating system raised, with its errno code, are such failures; anything else is
 * a bug and stays loud.
 */
import type { CliIo } from './cli-io.ts';
import { EXIT_USAGE, printWordedFailure } from './cli-io.ts';

import { langOf, systemFailure } from '../src-shared/errors/system-failure.ts';

export { langOf, systemFailure, systemFailureWords, type Lang } from '../src-shared/errors/system-failure.ts';

/** Prints a system failure as a typed refusal (JSON with --json) and returns exit 2; null when `e` is no such failure. */
export function reportSystemFailure(io: CliIo, argv: readonly string[], e: unknown): number | null {
  const failure = systemFailure(e, langOf(argv));
  if (!failure) return null;
  return printWordedFailure(io, argv.includes('--json'), failure, EXIT_USAGE);
}
