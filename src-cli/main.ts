/**
 * `batchline` — the command line for IT and QA. Each area registers its commands from its own
 * file in ./commands (one line each below); a command's action resolves to an exit code.
 */
import { Command, CommanderError } from 'commander';
import { processIo, type CliIo, EXIT_USAGE } from './cli-io.ts';
import { registerCommands, type CommandRegistrar } from './commands/index.ts';

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('batchline')
    .description('Batchline MES: station, ledger verification, devices and hub tools')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const register of registerCommands as CommandRegistrar[]) register(program, io, setExit);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    throw e;
  }
  return exitCode;
}
