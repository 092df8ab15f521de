/**
 * The one password variable of the CLI: BATCHLINE_PASSWORD, for every command that signs in
 * (hub admin commands, trace, qualify, run-order). BATCHLINE_HUB_PASSWORD, which `trace` read
 * before, still works for now as a deprecated alias and says so on stderr, so scripts keep
 * running while they are changed.
 */
import type { CliIo } from './cli-io.ts';
import { say } from './cli-words.ts';

export const PASSWORD_VARIABLE = 'BATCHLINE_PASSWORD';
const DEPRECATED_ALIASES = ['BATCHLINE_HUB_PASSWORD'] as const;

export function passwordFromEnv(io: CliIo): string | undefined {
  const given = io.env[PASSWORD_VARIABLE];
  if (given !== undefined && given !== '') return given;
  for (const alias of DEPRECATED_ALIASES) {
    const old = io.env[alias];
    if (old !== undefined && old !== '') {
      io.err(say(io, 'passwordAliasDeprecated', { alias, variable: PASSWORD_VARIABLE }));
      return old;
    }
  }
  return undefined;
}
