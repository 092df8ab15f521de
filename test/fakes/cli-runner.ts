/**
 * The one way tests run the command line in-process: `main()` with a CliIo that keeps what the
 * command printed, its exit code, and the environment it was given (no process.env). Commands
 * never read the process's cwd or stdin through CliIo, so a test gives paths and secrets as
 * arguments and `env`. The bundled `bin/batchline.mjs` as a child process is another thing
 * (test/devices/socat-harness.ts runBundledCli).
 */
import { main } from '../../src-cli/main.ts';
import type { CliIo } from '../../src-cli/cli-io.ts';
import type { CommandModule } from '../../src-cli/commands/index.ts';

export interface CliRunOptions {
  /** The environment the command sees (io.env): BATCHLINE_PASSWORD, BATCHLINE_STATION_SECRET, … */
  env?: Record<string, string | undefined>;
  /** stderr is a terminal (progress bars instead of plain lines). */
  stderrTty?: boolean;
  /** The command table (command-modules.test.ts gives fakes); the real one by default. */
  modules?: readonly CommandModule[];
}

/** What one command printed: stdout and stderr as lines and joined by \n, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  outLines: string[];
  errLines: string[];
  /** stdout parsed as one JSON document (`--json`). */
  json<T = unknown>(): T;
}

/** A CliIo that keeps every line; `text()` joins them. Also for commands' run functions called directly. */
export function captureIo(env: Record<string, string | undefined> = {}, stderrTty?: boolean): CliIo & { outLines: string[]; errLines: string[]; text(): { out: string; err: string } } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    env,
    ...(stderrTty === undefined ? {} : { stderrTty }),
    outLines,
    errLines,
    text: () => ({ out: outLines.join('\n'), err: errLines.join('\n') }),
  };
}

/** Runs `batchline ...args` in-process. */
export async function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const io = captureIo(options.env, options.stderrTty);
  const code = await main(['node', 'batchline', ...args], io, ...(options.modules ? [options.modules] : []));
  const { out, err } = io.text();
  return { code, out, err, outLines: io.outLines, errLines: io.errLines, json: <T>() => JSON.parse(out) as T };
}
