/**
 * What every simulated protocol front-end shares: cutting the incoming bytes into commands,
 * answering after the balance's reply delay, a repeating output for continuous modes, and
 * the pulled cable (nothing heard, nothing said).
 */
import type { SimulatedBalance } from './simulated-balance.ts';

export interface FrontEndOptions {
  /** Period of continuous output (SIR, auto print), ms. */
  readonly streamIntervalMs: number;
  /** How long a stable-only command waits for stability before giving up, ms. */
  readonly stabilityTimeoutMs: number;
}

export const DEFAULT_FRONT_END_OPTIONS: FrontEndOptions = { streamIntervalMs: 100, stabilityTimeoutMs: 3000 };

export abstract class SimulatorFrontEnd {
  private pending = '';
  private streamTimer: ReturnType<typeof setInterval> | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  protected readonly options: FrontEndOptions;
  /** Where the front-end's bytes go; replaced when the line is re-attached. */
  output: ((text: string) => void) | null = null;

  constructor(
    readonly balance: SimulatedBalance,
    options: Partial<FrontEndOptions> = {},
  ) {
    this.options = { ...DEFAULT_FRONT_END_OPTIONS, ...options };
  }

  /** Bytes from the line. Commands end with CR, LF or CR LF. */
  receive(chunk: Buffer | string): void {
    if (this.balance.unplugged) return;
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    if (this.pending.length > 1024) this.pending = this.pending.slice(-1024);
    let at = this.pending.search(/[\r\n]/);
    while (at >= 0) {
      const command = this.pending.slice(0, at);
      this.pending = this.pending.slice(at + 1);
      if (command.length > 0) this.handle(command);
      at = this.pending.search(/[\r\n]/);
    }
  }

  /** Stops every timer; the front-end can be dropped afterwards. */
  dispose(): void {
    this.stopStream();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  protected abstract handle(command: string): void;

  /** Sends one line (terminator added) after the balance's reply delay. */
  protected send(line: string): void {
    this.later(this.balance.replyDelayMs, () => this.sendNow(line));
  }

  protected sendNow(line: string): void {
    if (this.balance.unplugged) return;
    this.output?.(line + '\r\n');
  }

  protected later(ms: number, run: () => void): void {
    if (ms <= 0) {
      run();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
  }

  /** Waits (polling the model) until the display is stable, then runs `then(true)`; on timeout `then(false)`. */
  protected whenStable(then: (stable: boolean) => void): void {
    const started = Date.now();
    const check = () => {
      const shown = this.balance.display();
      if (shown.kind !== 'weight' || shown.stable) return then(true);
      if (Date.now() - started >= this.options.stabilityTimeoutMs) return then(false);
      this.later(20, check);
    };
    check();
  }

  protected startStream(emit: () => void): void {
    this.stopStream();
    this.streamTimer = setInterval(() => {
      if (!this.balance.unplugged) emit();
    }, this.options.streamIntervalMs);
  }

  protected stopStream(): void {
    if (this.streamTimer) clearInterval(this.streamTimer);
    this.streamTimer = null;
  }

  get streaming(): boolean {
    return this.streamTimer !== null;
  }
}
