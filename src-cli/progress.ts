/**
 * Progress of long work (issue 16, item 6): a bar with counts, rate and time left when stderr
 * is a terminal (cli-progress), plain lines elsewhere (a CI log, a pipe, a test), never on
 * stdout, which carries the command's result (`--json`). Work too small to wait for shows
 * nothing: callers start a progress only above their own threshold.
 */
import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.ts';
import { say } from './cli-words.ts';

export interface Progress {
  /** Sets the count done so far. */
  update(done: number): void;
  stop(): void;
}

/** Plain lines at most this often, and at the end. */
const LINE_EVERY_MS = 2_000;

export function startProgress(io: CliIo, label: string, total: number, now: () => number = Date.now): Progress {
  if (io.stderrTty) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} ({percentage}%) | {rate}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    });
    const started = now();
    let running = true;
    bar.start(total, 0, { rate: 0 });
    return {
      update: (done) => running && bar.update(done, { rate: Math.round(done / Math.max((now() - started) / 1000, 0.001)) }),
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  const started = now();
  let lastLine = started;
  let last = 0;
  let printed = -1;
  let running = true;
  const line = (done: number) => {
    printed = done;
    const elapsed = (now() - started) / 1000;
    const shown = { label, done, total, percent: Math.floor((done / Math.max(total, 1)) * 100) };
    io.err(done > 0 && done < total ? say(io, 'progressLineLeft', { ...shown, seconds: Math.ceil((elapsed / done) * (total - done)) }) : say(io, 'progressLine', shown));
  };
  return {
    update(done) {
      last = done;
      if (running && now() - lastLine >= LINE_EVERY_MS) {
        lastLine = now();
        line(done);
      }
    },
    stop() {
      if (running && printed !== last) line(last);
      running = false;
    },
  };
}

/** Passes items through, counting them into `progress` every `every` items. */
export function* counted<T>(items: Iterable<T>, progress: Progress, every = 1_000): Generator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) progress.update(n);
  }
  progress.update(n);
}

/**
 * For work that reports `(done, total)` as it goes (verifying a backup): shows progress only
 * when the total reaches `from`, so small work stays silent.
 */
export function progressFrom(io: CliIo, label: string, from: number): { report(done: number, total: number): void; stop(): void } {
  let progress: Progress | null = null;
  return {
    report(done, total) {
      if (progress === null && total >= from) progress = startProgress(io, label, total);
      progress?.update(done);
    },
    stop: () => progress?.stop(),
  };
}
