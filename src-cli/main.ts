/**
 * `batchline` — the command line for IT and QA. Each area registers its commands from its own
 * file in ./commands, loaded only when one of its commands runs (see ./commands/index.ts); a
 * command's action resolves to an exit code.
 */
import { Command, CommanderError } from 'commander';
import { processIo, type CliIo, EXIT_USAGE, printWordedFailure } from './cli-io.ts';
import { commandModules, modulesFor, type CommandModule } from './commands/index.ts';
import { langOf, reportSystemFailure } from './cli-failure.ts';
import { CliRefusal } from './cli-number.ts';
import { addCommonOptions, usageFailure } from './cli-usage.ts';

export async function main(argv: string[], given: CliIo = processIo, modules: readonly CommandModule[] = commandModules): Promise<number> {
  // `batchline --version [--json]`: the release, without loading any command module (P11-14).
  const args = argv.slice(2);
  // FR-138: with --json every refusal a command prints is JSON too (cli-io.ts refuse()).
  const io: CliIo = { ...given, json: args.includes('--json'), lang: langOf(args) };
  if (args[0] === '--version' || args[0] === '-V') return (await import('./evidence/version-command.ts')).printVersion(args.includes('--json'), io);
  let exitCode = 0;
  const program = new Command('batchline')
    .description('Batchline MES: station, ledger verification, devices and hub tools')
    .exitOverride()
    // Commander's own usage errors are printed typed below (cli-usage.ts), not as its English line.
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined });
  const setExit = (code: number) => {
    exitCode = code;
  };
  const registrars = await Promise.all(modulesFor(argv, modules).map((m) => m.load()));
  for (const register of registrars) register(program, io, setExit);
  // Every command takes --lang and --json (FR-138), whether or not its module declares them.
  addCommonOptions(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // Help shown for a command group without its subcommand: commander printed it already.
      if (e.code === 'commander.help') return EXIT_USAGE;
      // An unknown option or command, a missing argument, a value not among the choices: typed, in --lang, JSON with --json (FR-138).
      return printWordedFailure(io, io.json, usageFailure(e, langOf(args)), EXIT_USAGE);
    }
    // A number spelt other than in decimal digits, or out of range (FR-138): typed, in --lang, JSON with --json.
    if (e instanceof CliRefusal) return printWordedFailure(io, args.includes('--json'), { code: e.code, message: e.words[langOf(args)] }, EXIT_USAGE);
    // A file the system refused (FR-138): typed, exit 2, not a stack trace.
    const refused = reportSystemFailure(io, args, e);
    if (refused !== null) return refused;
    throw e;
  }
  return exitCode;
}
