/**
 * What a CLI command may touch of the outside world, injected so tests can run commands
 * in-process and read what they printed. Commands never call process.exit: they return the
 * exit code (0 ok, 1 verification/refusal, 2 usage or I/O error).
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
