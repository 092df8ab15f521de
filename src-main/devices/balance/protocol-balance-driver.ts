/**
 * The balance driver for every line-based protocol: a codec (what the lines mean) over a
 * transport (where the bytes go). It owns what the codec must not: timing, pairing an answer
 * with its command, one command at a time, reconnecting, and turning refusals into typed errors.
 * See balance-driver.ts for the contract.
 */
import { err, InvariantViolation, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import { convertMass, isZeroMass, subtractMass, type Mass } from '../../../src-shared/mass.ts';
import type { BalanceCodec, BalanceCommand, ReplyExpectation } from './balance-codec.ts';
import type { BalanceMessage, WeightReading } from './balance-message.ts';
import type { BalanceTransport } from './balance-transport.ts';
import {
  DEFAULT_DRIVER_OPTIONS,
  type BalanceDriver,
  type BalanceDriverOptions,
  type BalanceEvent,
  type BalanceEventListener,
  type ConnectionState,
  type IdentifiedBalance,
  type TareDetection,
  type ZeroTareOptions,
  type ZeroTareOutcome,
} from './balance-driver.ts';
import { ReadingFreshness } from './reading-freshness.ts';
import { LineFramer } from './line-framer.ts';
import { lineTerminator, type SerialSettings } from './serial-settings.ts';
import { answers, refusal } from './reply-errors.ts';
import { KeyTareWatch, type KeyTareChange } from './key-tare-watch.ts';

type Waiter = {
  readonly accept: (message: BalanceMessage) => boolean;
  readonly text?: ReplyExpectation & { type: 'text' };
  readonly settle: (r: Result<BalanceMessage | null>) => void;
};

export class ProtocolBalanceDriver implements BalanceDriver {
  readonly protocol;
  private readonly options: BalanceDriverOptions;
  private readonly listeners = new Set<BalanceEventListener>();
  private readonly framer: LineFramer;
  private readonly terminator: string;
  private waiters: Waiter[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private connection: ConnectionState = 'idle';
  private streaming = false;
  /** A command other than stream start/stop was sent while streaming on command. */
  private streamInterrupted = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempt = 0;
  private readonly freshness: ReadingFreshness;
  /** FR-142: tares and zeros the balance's own keys made, as its readings show them. */
  private readonly keyWatch = new KeyTareWatch();
  /**
   * FR-142: the balance answered the tare query "command not understood" (MT-SICS `ES` from a
   * level-0 balance, A&D `EC,E1` from a model without preset tare): it cannot be asked, and is
   * not asked again on this connection. A reconnect may be another balance on the same cable.
   */
  private tareQueryUnknown = false;

  constructor(
    private readonly codec: BalanceCodec,
    private readonly transport: BalanceTransport,
    settings: Pick<SerialSettings, 'lineEnding'>,
    options: Partial<BalanceDriverOptions> = {},
  ) {
    this.protocol = codec.protocol;
    this.options = { ...DEFAULT_DRIVER_OPTIONS, ...options };
    this.terminator = lineTerminator(settings);
    this.freshness = new ReadingFreshness(this.options.freshnessMs, this.options.now ?? Date.now, (liveness, silentMs) =>
      this.emit(liveness === 'live' ? { type: 'fresh' } : { type: 'stale', silentMs }),
    );
    this.framer = new LineFramer(
      settings.lineEnding,
      (line) => this.onLine(line),
      (chars) => this.emit({ type: 'protocol-error', error: { code: 'BALANCE_LINE_TOO_LONG', message: `${chars} characters without a line end` } }),
    );
  }

  get state(): ConnectionState {
    return this.connection;
  }

  on(listener: BalanceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(): Promise<Result<void>> {
    if (this.connection === 'connected') return ok(undefined);
    const opened = await this.open();
    if (!opened.ok) return opened;
    this.connection = 'connected';
    this.emit({ type: 'connected' });
    return ok(undefined);
  }

  async disconnect(): Promise<void> {
    if (this.connection === 'connected' && this.streaming && this.codec.streamMode === 'command') {
      const stop = this.codec.encode({ type: 'stream-stop' });
      if (stop.ok) await this.transport.write(stop.value.text + this.terminator);
    }
    this.connection = 'closed';
    this.streaming = false;
    this.stopTimers();
    this.freshness.unwatch();
    this.freshness.reset();
    this.failWaiters({ code: 'DEVICE_DISCONNECTED', message: 'driver closed' });
    await this.transport.close();
  }

  identify(): Promise<Result<IdentifiedBalance>> {
    return this.exclusive(async () => {
      let identity: Omit<IdentifiedBalance, 'protocol' | 'missing'> = {};
      const missing: string[] = [];
      let lastError: BatchlineError | null = null;
      for (const item of this.codec.identifyItems) {
        const r = await this.send({ type: 'identify', item }, this.options.commandTimeoutMs);
        if (r.ok && r.value?.kind === 'info') identity = { ...identity, ...r.value.identity };
        else {
          missing.push(item);
          if (!r.ok) lastError = r.error;
          if (!r.ok && (r.error.code === 'DEVICE_DISCONNECTED' || r.error.code === 'DEVICE_NOT_CONNECTED')) return r;
        }
      }
      if (missing.length === this.codec.identifyItems.length) {
        return lastError ? { ok: false, error: lastError } : err('DEVICE_COMMAND_UNSUPPORTED', `${this.protocol} balances cannot identify themselves`);
      }
      return ok({ ...identity, protocol: this.protocol, missing });
    });
  }

  async readImmediate(): Promise<Result<WeightReading>> {
    // An auto-printing balance is not asked (on some Sartorius models ESC P toggles auto print).
    if (this.codec.streamMode === 'auto-print') return this.current(await this.nextReading(() => true, this.options.commandTimeoutMs));
    return this.current(await this.exclusive(async () => this.weightOf(await this.send({ type: 'read-immediate' }, this.options.commandTimeoutMs))));
  }

  async readStable(timeoutMs = this.options.stableTimeoutMs): Promise<Result<WeightReading>> {
    return this.current(await this.settle(timeoutMs));
  }

  /**
   * The last gate before a reading leaves the driver: one older than the freshness window (the
   * exchange waited behind others, the clock jumped, the line sat in a buffer) is history, and
   * is refused rather than handed out as the weight now.
   */
  private current(r: Result<WeightReading>): Result<WeightReading> {
    if (!r.ok || this.freshness.isCurrent(r.value)) return r;
    const ageMs = this.freshness.ageOf(r.value);
    return err('READING_STALE', `the reading is ${ageMs ?? 'of unknown'} ms old; current means at most ${this.freshness.windowMs} ms`, {
      ageMs,
      freshnessMs: this.freshness.windowMs,
      raw: r.value.raw,
    });
  }

  private async settle(timeoutMs: number): Promise<Result<WeightReading>> {
    const deadline = Date.now() + timeoutMs;
    const hasStableCommand = this.codec.encode({ type: 'read-stable' }).ok;
    if (this.codec.streamMode === 'auto-print') {
      const r = await this.nextReading((w) => w.stable, timeoutMs);
      return !r.ok && r.error.code === 'DEVICE_TIMEOUT' && this.sawUnstable ? this.notStable(timeoutMs) : r;
    }
    this.sawUnstable = false;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return this.sawUnstable ? this.notStable(timeoutMs) : err('DEVICE_TIMEOUT', `no answer within ${timeoutMs} ms`);
      const r = await this.exclusive(async () =>
        this.weightOf(await this.send({ type: hasStableCommand ? 'read-stable' : 'read-immediate' }, left)),
      );
      if (r.ok && r.value.stable) return r;
      if (r.ok || (!r.ok && r.error.code === 'BALANCE_COMMAND_NOT_EXECUTABLE')) {
        // Unstable, or the balance's own stability timeout ran out first: ask again.
        this.sawUnstable = true;
        await delay(Math.min(this.options.pollIntervalMs, Math.max(0, deadline - Date.now())));
        continue;
      }
      if (!r.ok && r.error.code === 'DEVICE_TIMEOUT' && this.sawUnstable) return this.notStable(timeoutMs);
      if (!r.ok && r.error.code === 'DEVICE_TIMEOUT' && hasStableCommand) {
        // A stable-only command (MT-SICS S) is silent while the balance waits to settle; one
        // immediate read tells a balance that never settled from one that is not there.
        const probe = await this.exclusive(async () => this.weightOf(await this.send({ type: 'read-immediate' }, this.options.commandTimeoutMs)));
        if (probe.ok && probe.value.stable) return probe;
        if (probe.ok || probe.error.code === 'BALANCE_COMMAND_NOT_EXECUTABLE') return this.notStable(timeoutMs);
      }
      return r;
    }
  }

  async startStream(): Promise<Result<void>> {
    if (this.connection !== 'connected') return err('DEVICE_NOT_CONNECTED', 'balance is not connected');
    const started = await this.beginStream();
    if (started.ok) this.streaming = true;
    return started;
  }

  async stopStream(): Promise<Result<void>> {
    this.streaming = false;
    this.stopStreamTimers();
    this.freshness.unwatch();
    if (this.codec.streamMode !== 'command') return ok(undefined);
    return this.exclusive(async () => {
      const r = await this.send({ type: 'stream-stop' }, this.options.commandTimeoutMs);
      return r.ok ? ok(undefined) : r;
    });
  }

  get tareDetection(): readonly TareDetection[] {
    const asks = !this.tareQueryUnknown && this.codec.encode({ type: 'tare-query' }).ok;
    // Between the station's own commands only a running stream (or poll) brings values to watch.
    return [...(asks ? (['tare-query'] as const) : []), ...(this.streaming ? (['stream'] as const) : [])];
  }

  async queryTare(): Promise<Result<WeightReading>> {
    if (this.tareQueryUnknown) return err('DEVICE_COMMAND_UNSUPPORTED', 'this balance did not understand the tare query on this connection');
    const r = await this.exclusive(async () => this.send({ type: 'tare-query' }, this.options.commandTimeoutMs));
    if (!r.ok) {
      // Not understood is what the balance is; a timeout, busy or line error is only this time.
      if (r.error.code === 'BALANCE_SYNTAX_ERROR') this.tareQueryUnknown = true;
      return r;
    }
    if (r.value?.kind === 'weight') return ok(r.value);
    return err('DEVICE_PROTOCOL_ERROR', 'balance answered the tare query without a weight', { raw: r.value?.raw });
  }

  keyTares(): readonly KeyTareChange[] {
    return this.keyWatch.seen();
  }

  keyTaresUnsure(): readonly KeyTareChange[] {
    return this.keyWatch.unsure();
  }

  keyTaresSinceZero(): readonly KeyTareChange[] {
    return this.keyWatch.sinceZero();
  }

  restartKeyWatch(): void {
    this.keyWatch.restart();
  }

  /**
   * FR-154: a tare, tare clear or preset tare of the station's own. The key presses since the last
   * zero are compared with the tare the balance holds (tare-check.ts `tareEvidence`); the station's
   * own change of that tare belongs in the same sum, else a key TARE or ZERO after a station tare
   * (the container taken off, ZERO on the empty pan; a vessel tared on the keys over the station's
   * tare) is off by it. Where the balance can be asked, the tare before and after the command
   * gives the change (also when the command failed: it may have been done); where it cannot, a
   * weighing against the zero refuses any key press anyway.
   */
  private stationTare<T>(command: BalanceCommand, timeoutMs: number, done: (r: Result<BalanceMessage | null>) => Result<T>, otherwise: () => Promise<Result<T>>): Promise<Result<T>> {
    // A command the balance does not answer is confirmed by reading (its own turns): not counted.
    if (!this.tareDetection.includes('tare-query') || this.answersNothing(command)) return this.commanded(otherwise);
    // One exclusive turn: the query, the command and the query again go out in the caller's order.
    return this.commanded(() =>
      this.exclusive(async () => {
        const before = this.tareOf(await this.send({ type: 'tare-query' }, this.options.commandTimeoutMs));
        const r = await this.send(command, timeoutMs);
        if (before) {
          const after = this.tareOf(await this.send({ type: 'tare-query' }, this.options.commandTimeoutMs));
          if (after) {
            const change = subtractMass(after.mass, convertMass(before.mass, after.mass.unit));
            if (!isZeroMass(change)) this.keyWatch.stationTare({ before: { ...after, mass: change, raw: `station tare ${before.mass.amount} -> ${after.mass.amount} ${after.mass.unit}` }, after, change: 'tare' });
          }
        }
        return done(r);
      }),
    );
  }

  /** A tare query's answer inside an exclusive turn (FR-154): the weight, or null (not understood: not asked again). */
  private tareOf(r: Result<BalanceMessage | null>): WeightReading | null {
    if (!r.ok) {
      if (r.error.code === 'BALANCE_SYNTAX_ERROR') this.tareQueryUnknown = true;
      return null;
    }
    return r.value?.kind === 'weight' ? r.value : null;
  }

  /** A tare or zero the station commands: the readings until it is done are its own doing (FR-142). */
  private async commanded<T>(run: () => Promise<T>): Promise<T> {
    this.keyWatch.hold();
    try {
      return await run();
    } finally {
      this.keyWatch.release();
    }
  }

  tare(options: ZeroTareOptions = {}): Promise<Result<{ tare: Mass | null } & ZeroTareOutcome>> {
    const command: BalanceCommand = { type: options.immediate ? 'tare-immediate' : 'tare' };
    // FR-154: a balance that can be asked its tare answers its tare command too (MT-SICS, A&D).
    return this.stationTare(command, this.options.stableTimeoutMs, (r) => (r.ok ? this.tareAnswer(r.value) : r), () => this.tareNow(options));
  }

  private tareAnswer(m: BalanceMessage | null): Result<{ tare: Mass | null } & ZeroTareOutcome> {
    // MT-SICS T answers "T S" only; TI answers "TI S" or "TI D" (tared while the weight moved).
    if (m?.kind === 'weight') return ok({ tare: m.mass, dynamic: !m.stable });
    return ok({ tare: null, ...outcomeOf(m) });
  }

  private async tareNow(options: ZeroTareOptions): Promise<Result<{ tare: Mass | null } & ZeroTareOutcome>> {
    const command: BalanceCommand = { type: options.immediate ? 'tare-immediate' : 'tare' };
    const r = await this.exclusive(() => this.send(command, this.options.stableTimeoutMs));
    if (!r.ok) return r;
    if (this.answersNothing(command)) {
      const confirmed = await this.confirmStableZero('tare');
      if (!confirmed.ok) return confirmed;
      return ok({ tare: null, dynamic: false });
    }
    return this.tareAnswer(r.value);
  }

  tarePreset(tare: Mass): Promise<Result<void>> {
    const command: BalanceCommand = { type: 'tare-preset', mass: tare };
    return this.stationTare(command, this.options.commandTimeoutMs, (r) => (r.ok ? ok(undefined) : r), () => this.simple(command, this.options.commandTimeoutMs));
  }

  clearTare(): Promise<Result<void>> {
    const command: BalanceCommand = { type: 'tare-clear' };
    return this.stationTare(command, this.options.commandTimeoutMs, (r) => (r.ok ? ok(undefined) : r), () => this.simple(command, this.options.commandTimeoutMs));
  }

  zero(options: ZeroTareOptions = {}): Promise<Result<ZeroTareOutcome>> {
    return this.commanded(async () => {
      const r = await this.zeroNow(options);
      // FR-154: the zero is the station's now: key presses before it no longer move it.
      if (r.ok) this.keyWatch.zeroed();
      return r;
    });
  }

  private async zeroNow(options: ZeroTareOptions): Promise<Result<ZeroTareOutcome>> {
    const command: BalanceCommand = { type: options.immediate ? 'zero-immediate' : 'zero' };
    const r = await this.exclusive(() => this.send(command, this.options.stableTimeoutMs));
    if (!r.ok) return r;
    if (!this.answersNothing(command)) return ok(outcomeOf(r.value));
    const confirmed = await this.confirmStableZero('zero');
    return confirmed.ok ? ok({ dynamic: false }) : confirmed;
  }

  // ---- internals -------------------------------------------------------------------------

  private answersNothing(command: BalanceCommand): boolean {
    const e = this.codec.encode(command);
    return e.ok && e.value.reply.type === 'none';
  }

  /**
   * A balance that does not acknowledge tare or zero (SBI ESC T) has done it when it shows a
   * stable zero; until then the station must not treat the container as tared.
   */
  private async confirmStableZero(what: string): Promise<Result<void>> {
    const deadline = Date.now() + this.options.stableTimeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return err('DEVICE_TIMEOUT', `${what} not confirmed: no stable zero within ${this.options.stableTimeoutMs} ms`);
      const r = await this.readStable(left);
      if (!r.ok) return r.error.code === 'READING_NOT_STABLE' ? err('DEVICE_TIMEOUT', `${what} not confirmed: ${r.error.message}`) : r;
      if (/^-?0(\.0+)?$/.test(r.value.mass.amount)) return ok(undefined);
      await delay(this.options.pollIntervalMs);
    }
  }

  private sawUnstable = false;

  private notStable(timeoutMs: number): Result<never> {
    return err('READING_NOT_STABLE', `balance did not settle within ${timeoutMs} ms`);
  }

  private simple(command: BalanceCommand, timeoutMs: number): Promise<Result<void>> {
    return this.exclusive(async () => {
      const r = await this.send(command, timeoutMs);
      return r.ok ? ok(undefined) : r;
    });
  }

  private weightOf(r: Result<BalanceMessage | null>): Result<WeightReading> {
    if (!r.ok) return r;
    if (r.value?.kind === 'weight') {
      if (!r.value.stable) this.sawUnstable = true;
      return ok(r.value);
    }
    return err('DEVICE_PROTOCOL_ERROR', 'balance answered without a weight', { raw: r.value?.raw });
  }

  /** Runs one command exchange after the previous one has finished. */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const task = async () => {
      try {
        return await run();
      } finally {
        await this.resumeInterruptedStream();
      }
    };
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * A balance streaming on command ends the stream when it gets any other command (MT-SICS:
   * SIR is ended by S, SI, SU, @ …; A&D likewise), so after such a command the stream is
   * started again, still inside the same exclusive turn.
   */
  private async resumeInterruptedStream(): Promise<void> {
    if (!this.streamInterrupted) return;
    this.streamInterrupted = false;
    if (!this.streaming || this.connection !== 'connected' || this.codec.streamMode !== 'command') return;
    const r = await this.send({ type: 'stream-start' }, this.options.commandTimeoutMs);
    if (!r.ok) this.emit({ type: 'command-error', error: r.error });
  }

  /** Writes a command and waits for its answer; refusals come back as typed errors. */
  private async send(command: BalanceCommand, timeoutMs: number): Promise<Result<BalanceMessage | null>> {
    if (this.connection !== 'connected') return err('DEVICE_NOT_CONNECTED', 'balance is not connected');
    if (this.streaming && this.codec.streamMode === 'command' && command.type !== 'stream-start' && command.type !== 'stream-stop') {
      this.streamInterrupted = true;
    }
    const encoded = this.codec.encode(command);
    if (!encoded.ok) return encoded;
    const expect = encoded.value.reply;
    const bytes = encoded.value.text + this.terminator;
    if (expect.type === 'none') return this.transport.write(bytes).then((w) => (w.ok ? ok(null) : w));
    // Listen before writing: a fast balance (or the in-process simulator) may answer at once.
    const pending = this.register(
      { accept: (m) => answers(expect, m), ...(expect.type === 'text' ? { text: expect } : {}) },
      timeoutMs,
      `no answer to ${command.type} within ${timeoutMs} ms`,
    );
    const w = await this.transport.write(bytes);
    if (!w.ok) pending.settle(w);
    const r = await pending.answer;
    if (!r.ok) return r;
    const m = r.value;
    if (m && (m.kind === 'status' || m.kind === 'device-error')) {
      const refused = refusal(m);
      if (m.kind === 'device-error') this.emit({ type: 'command-error', error: errorOf(refused) });
      return refused;
    }
    return r;
  }

  private waitFor(w: Omit<Waiter, 'settle'>, timeoutMs: number, timeoutMessage: string): Promise<Result<BalanceMessage | null>> {
    return this.register(w, timeoutMs, timeoutMessage).answer;
  }

  /** Registers a waiter; `settle` lets the caller end it early (e.g. the write failed). */
  private register(w: Omit<Waiter, 'settle'>, timeoutMs: number, timeoutMessage: string) {
    let settle: (r: Result<BalanceMessage | null>) => void = () => undefined;
    const answer = new Promise<Result<BalanceMessage | null>>((resolve) => {
      const timer = setTimeout(() => settle(err('DEVICE_TIMEOUT', timeoutMessage)), timeoutMs);
      const waiter: Waiter = { ...w, settle: (r) => settle(r) };
      settle = (r) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((x) => x !== waiter);
        resolve(r);
      };
      this.waiters.push(waiter);
    });
    return { answer, settle: (r: Result<BalanceMessage | null>) => settle(r) };
  }

  /** Waits for a reading the balance sends by itself (auto-print balances). */
  private async nextReading(want: (w: WeightReading) => boolean, timeoutMs: number): Promise<Result<WeightReading>> {
    if (this.connection !== 'connected') return err('DEVICE_NOT_CONNECTED', 'balance is not connected');
    this.sawUnstable = false;
    const r = await this.waitFor(
      {
        accept: (m) => {
          if (m.kind === 'weight' && !m.stable) this.sawUnstable = true;
          return (m.kind === 'weight' && m.role === 'net' && want(m)) || m.kind === 'status' || m.kind === 'device-error';
        },
      },
      timeoutMs,
      `no reading within ${timeoutMs} ms`,
    );
    if (!r.ok) return r;
    const m = r.value;
    if (m?.kind === 'weight') return ok(m);
    if (m && (m.kind === 'status' || m.kind === 'device-error')) return refusal(m);
    return err('DEVICE_PROTOCOL_ERROR', 'unexpected answer');
  }

  private onLine(line: string): void {
    if (this.streaming) this.armSilenceWatchdog();
    this.freshness.line();
    const parsed = this.codec.parseLine(line);
    if (!parsed.ok) {
      const textWaiter = this.waiters.find((w) => w.text !== undefined);
      if (textWaiter?.text) {
        const info = this.codec.parseText(textWaiter.text.item, line);
        if (info.ok) {
          textWaiter.settle(info);
          return;
        }
      }
      this.emit({ type: 'protocol-error', error: parsed.error });
      return;
    }
    const m = parsed.value;
    if (m.kind === 'weight') {
      this.freshness.reading(m);
      const key = this.keyWatch.observe(m, (this.options.now ?? Date.now)());
      if (key) this.emit({ type: 'key-tare', change: key });
    }
    if (m.kind === 'weight' && m.role === 'net') {
      this.emit({ type: 'reading', reading: m });
      if (!m.stable) this.emit({ type: 'unstable', reading: m });
    } else if (m.kind === 'status' && (m.status === 'overload' || m.status === 'underload')) {
      this.emit({ type: m.status, raw: m.raw });
    }
    const waiter = this.waiters.find((w) => w.accept(m));
    if (waiter) waiter.settle(ok(m));
    else if (m.kind === 'device-error') this.emit({ type: 'command-error', error: errorOf(refusal(m)) });
  }

  private async open(): Promise<Result<void>> {
    this.framer.reset();
    this.tareQueryUnknown = false;
    this.freshness.reset();
    return this.transport.open({ data: (chunk) => this.framer.push(chunk), lost: (reason) => this.onLost(reason) });
  }

  private onLost(reason: string): void {
    if (this.connection !== 'connected') return;
    this.stopStreamTimers();
    this.freshness.reset();
    this.failWaiters({ code: 'DEVICE_DISCONNECTED', message: `balance disconnected: ${reason}` });
    if (this.options.reconnect === false) {
      this.connection = 'idle';
      this.emit({ type: 'disconnected', reason });
      return;
    }
    this.connection = 'reconnecting';
    this.emit({ type: 'disconnected', reason });
    this.reconnectAttempt = 0;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.options.reconnect === false || this.connection !== 'reconnecting') return;
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** this.reconnectAttempt);
    this.reconnectAttempt += 1;
    this.emit({ type: 'reconnecting', attempt: this.reconnectAttempt, delayMs });
    this.reconnectTimer = setTimeout(() => void this.tryReconnect(), delayMs);
  }

  private async tryReconnect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.connection !== 'reconnecting') return;
    const opened = await this.open();
    if (this.connection !== 'reconnecting') {
      if (opened.ok) await this.transport.close();
      return;
    }
    if (!opened.ok) {
      this.scheduleReconnect();
      return;
    }
    this.connection = 'connected';
    this.emit({ type: 'connected' });
    if (this.streaming) {
      const restarted = await this.beginStream();
      if (!restarted.ok) this.emit({ type: 'command-error', error: restarted.error });
    }
  }

  private async beginStream(): Promise<Result<void>> {
    this.armSilenceWatchdog();
    this.freshness.watch();
    switch (this.codec.streamMode) {
      case 'auto-print':
        return ok(undefined);
      case 'poll':
        this.pollTimer = setInterval(() => {
          if (this.waiters.length === 0) void this.readImmediate();
        }, this.options.pollIntervalMs);
        return ok(undefined);
      case 'command':
        return this.exclusive(async () => {
          const r = await this.send({ type: 'stream-start' }, this.options.commandTimeoutMs);
          return r.ok ? ok(undefined) : r;
        });
    }
  }

  /** A stream that falls silent is a lost cable as far as the station can tell (RS-232 has no carrier). */
  private armSilenceWatchdog(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      if (!this.streaming || this.connection !== 'connected') return;
      void this.transport.close().then(() => this.onLost(`no data for ${this.options.streamSilenceMs} ms`));
    }, this.options.streamSilenceMs);
  }

  private stopStreamTimers(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.pollTimer = null;
    this.silenceTimer = null;
  }

  private stopTimers(): void {
    this.stopStreamTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private failWaiters(error: BatchlineError): void {
    for (const w of [...this.waiters]) w.settle({ ok: false, error });
  }

  private emit(event: BalanceEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // A listener's bug must not stop the balance; listeners own their errors.
      }
    }
  }
}

/** What an acknowledgement says about the conditions of a zero or tare (see ZeroTareOutcome). */
function outcomeOf(m: BalanceMessage | null): ZeroTareOutcome {
  return m?.kind === 'ack' && m.dynamic !== undefined ? { dynamic: m.dynamic } : {};
}

function errorOf(r: Result<never>): BatchlineError {
  if (r.ok) throw new InvariantViolation('a refusal cannot be ok');
  return r.error;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
