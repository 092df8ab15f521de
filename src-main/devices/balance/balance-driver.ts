/**
 * One interface for every balance, whatever its protocol and cable. The station's weighing
 * code depends on this only; which protocol, port and settings sit behind it is configuration.
 *
 * Contract:
 * - every command settles within its timeout with a value or a typed error (DEVICE_TIMEOUT,
 *   DEVICE_DISCONNECTED, BALANCE_OVERLOAD, BALANCE_SYNTAX_ERROR, DEVICE_COMMAND_UNSUPPORTED…);
 *   commands are sent one at a time, in call order;
 * - a stable reading is only ever a reading the balance itself marked stable (DI-05);
 * - a lost port (cable pulled, USB adapter gone, a stream gone silent) is reported as
 *   `disconnected`, pending commands fail with DEVICE_DISCONNECTED, and the driver reopens the
 *   port with exponential back-off, restarting a running stream, until `disconnect()`;
 * - freshness: a reading is current for `freshnessMs` after its line arrived; readImmediate and
 *   readStable never return an older one (READING_STALE). A running stream silent for
 *   `freshnessMs` is reported `stale` at once (long before the port is given up as lost), and
 *   `fresh` again at its next line;
 * - a zero or tare the balance did while the weight moved says so (`dynamic: true`, MT-SICS
 *   `ZI D` / `TI D`); it is never reported as a plain acknowledgement;
 * - garbage on the line is reported as a `protocol-error` event and otherwise ignored.
 */
import type { BatchlineError, Result } from '../../../src-shared/result.ts';
import type { Mass } from '../../../src-shared/mass.ts';
import type { BalanceIdentity, BalanceProtocol, WeightReading } from './balance-message.ts';
import type { KeyTareChange } from './key-tare-watch.ts';

/**
 * FR-142: how a driver can tell that the balance's tare or zero changed on its own keys:
 * `tare-query` (its protocol answers with the tare it holds: MT-SICS `TA`, A&D `?PT`), `stream`
 * (values reach the station between its commands, so a key press shows: key-tare-watch.ts).
 */
export type TareDetection = 'tare-query' | 'stream';

export type BalanceEvent =
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected'; readonly reason: string }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  /** A running stream sent nothing for the freshness window: no current reading exists. */
  | { readonly type: 'stale'; readonly silentMs: number }
  /** A line arrived again after `stale` (or first after connecting). */
  | { readonly type: 'fresh' }
  /** Every weight the balance sends (stream values and command answers alike). */
  | { readonly type: 'reading'; readonly reading: WeightReading }
  | { readonly type: 'unstable'; readonly reading: WeightReading }
  /** FR-144: the stream showed a tare or zero made on the balance's own keys (key-tare-watch.ts). */
  | { readonly type: 'key-tare'; readonly change: KeyTareChange }
  | { readonly type: 'overload'; readonly raw: string }
  | { readonly type: 'underload'; readonly raw: string }
  /** The balance refused or failed a command (ES, ET, EL, EC,Ex, Err ###). */
  | { readonly type: 'command-error'; readonly error: BatchlineError }
  /** A line that is no valid message of the protocol (noise, wrong baud rate, wrong protocol). */
  | { readonly type: 'protocol-error'; readonly error: BatchlineError };

export type BalanceEventListener = (event: BalanceEvent) => void;

export type ConnectionState = 'idle' | 'connected' | 'reconnecting' | 'closed';

export interface IdentifiedBalance extends BalanceIdentity {
  readonly protocol: BalanceProtocol;
  /** Identification queries the balance refused or does not have. */
  readonly missing: readonly string[];
}

export interface ZeroTareOptions {
  /**
   * At once, even while the weight moves (MT-SICS ZI / TI); the result then says whether the
   * balance did it under dynamic conditions. Protocols without it refuse with
   * DEVICE_COMMAND_UNSUPPORTED.
   */
  readonly immediate?: boolean;
}

export interface ZeroTareOutcome {
  /**
   * True when the balance reports it zeroed or tared under dynamic (unstable) conditions
   * (MT-SICS `ZI D`, `TI D`), false when it reports stable conditions (`Z A`, `ZI S`, `T S`,
   * `TI S`, or an SBI stable zero the driver waited for); absent when the reply does not say.
   */
  readonly dynamic?: boolean;
}

export interface BalanceDriver {
  readonly protocol: BalanceProtocol;
  readonly state: ConnectionState;
  connect(): Promise<Result<void>>;
  disconnect(): Promise<void>;
  identify(): Promise<Result<IdentifiedBalance>>;
  /** The current value, stable or not. */
  readImmediate(): Promise<Result<WeightReading>>;
  /** The next stable value; READING_NOT_STABLE if the balance does not settle in time. */
  readStable(timeoutMs?: number): Promise<Result<WeightReading>>;
  /** Starts the continuous stream at the balance's own rate; values arrive as `reading` events. */
  startStream(): Promise<Result<void>>;
  stopStream(): Promise<Result<void>>;
  /** Tares on a stable value (or at once); returns the tare weight when the protocol reports it. */
  tare(options?: ZeroTareOptions): Promise<Result<{ tare: Mass | null } & ZeroTareOutcome>>;
  tarePreset(tare: Mass): Promise<Result<void>>;
  clearTare(): Promise<Result<void>>;
  zero(options?: ZeroTareOptions): Promise<Result<ZeroTareOutcome>>;
  /**
   * FR-142: what this balance, as connected now, can tell of key tares and zeros: `tare-query`
   * only while its protocol has one and the balance has not answered it "not understood" on this
   * connection (an MT-SICS level-0 balance, an A&D model without preset tare).
   */
  readonly tareDetection: readonly TareDetection[];
  /**
   * FR-142: the tare the balance holds now (role `tare`); DEVICE_COMMAND_UNSUPPORTED where its
   * protocol has no query or the balance did not understand it, BALANCE_SYNTAX_ERROR the first time.
   */
  queryTare(): Promise<Result<WeightReading>>;
  /** FR-142: key tares and zeros its readings showed since `restartKeyWatch` (never ones the station commanded). */
  keyTares(): readonly KeyTareChange[];
  /** FR-144: settled jumps to zero too far apart to tell a key press from a load lifted off (a slow printer): not counted. */
  keyTaresUnsure(): readonly KeyTareChange[];
  restartKeyWatch(): void;
  /** FR-154: key tares and zeros since the station last zeroed the balance (a successful `zero`). */
  keyTaresSinceZero(): readonly KeyTareChange[];
  on(listener: BalanceEventListener): () => void;
}

export interface BalanceDriverOptions {
  /** Answer timeout of an ordinary command (ms). */
  readonly commandTimeoutMs: number;
  /** Default wait for a stable value (ms). */
  readonly stableTimeoutMs: number;
  /** Poll period where the balance must be asked for each value (ms). */
  readonly pollIntervalMs: number;
  /** A running stream silent this long counts as a lost cable: the port is reopened (ms). */
  readonly streamSilenceMs: number;
  /**
   * How long a reading stays current, and how long a running stream may be silent before it
   * is reported stale (ms). 800 ms is eight missed values at the usual 10 Hz, and keeps
   * "disconnected" on screen within a second of the last line.
   */
  readonly freshnessMs: number;
  /** Milliseconds clock for freshness (tests); Date.now otherwise. */
  readonly now?: () => number;
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number } | false;
}

export const DEFAULT_DRIVER_OPTIONS: BalanceDriverOptions = {
  commandTimeoutMs: 2000,
  stableTimeoutMs: 10_000,
  pollIntervalMs: 200,
  streamSilenceMs: 3000,
  freshnessMs: 800,
  reconnect: { initialDelayMs: 200, maxDelayMs: 5000 },
};
