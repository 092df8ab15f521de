/**
 * Keyboard-wedge burst detection as a pure state machine. A wedge scanner "types" its data as
 * keystrokes, indistinguishable from a keyboard except by speed and framing, so we decide from
 * the timeline: keystroke events with timestamps in, scan events and instructions out.
 *
 * To never leak a scan into a focused text field, a keystroke that might begin a scan is held
 * (the host suppresses its default action) until the burst is decided. If it turns out to be a
 * person typing, the held keys come back as a `replay` effect, in order, for the host to insert.
 * Two framings:
 *  - prefix mode (`prefix` set, e.g. ["F13"] programmed into the scanner): only keys after the
 *    prefix are held, so typing is never delayed; the most reliable setup.
 *  - timing mode (no prefix): every printable key is held for up to `maxInterKeyMs`; a burst of at
 *    least `minLength` characters, each within `maxInterKeyMs` of the last, and (by default)
 *    ended by a suffix key such as Enter, is a scan. Humans do not sustain 35 ms per key.
 * Time must only come from the events (and `tick(now)` for timeouts); the host schedules a
 * timer for `nextDeadline(state)`.
 *
 * GS1 scanners cannot type ASCII 29 on a keyboard; most send Ctrl+] for it (configurable).
 */
import { MAX_SCAN_LENGTH, type ScanEvent } from './scan-event.ts';

export interface KeyInput {
  /** KeyboardEvent.key: "a", "7", "Enter", "Shift", "F13", ... */
  readonly key: string;
  /** Milliseconds on any monotonic clock shared with tick(); epoch ms if the host wants
   *  ScanEvent.receivedAt in epoch time (performance.timeOrigin + event.timeStamp). */
  readonly time: number;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
}

export interface KeyMatcher {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
}

export interface WedgeConfig {
  readonly deviceId: string;
  /** Longest gap between keystrokes of one scan. */
  readonly maxInterKeyMs: number;
  /** Fewest data characters a scan has (GTIN-8 is 8; internal labels may be shorter). */
  readonly minLength: number;
  /** Key sequence the scanner sends before the data; empty for timing mode. */
  readonly prefix: readonly string[];
  /** Keys that end a scan (consumed, not typed), e.g. ["Enter"] or ["Tab"]. */
  readonly suffix: readonly string[];
  /** A scan must end with a suffix key; a burst that just stops is typing (timing mode) or an
   *  incomplete scan (prefix mode). */
  readonly requireSuffix: boolean;
  /** Keystrokes standing for FNC1 / GS (ASCII 29). */
  readonly groupSeparatorKeys: readonly KeyMatcher[];
}

export const DEFAULT_WEDGE_CONFIG: WedgeConfig = {
  deviceId: 'keyboard',
  maxInterKeyMs: 35,
  minLength: 6,
  prefix: [],
  suffix: ['Enter'],
  requireSuffix: true,
  groupSeparatorKeys: [{ key: ']', ctrlKey: true }, { key: 'GroupSeparator' }],
};

export type WedgeEffect =
  | { readonly type: 'scan'; readonly event: ScanEvent }
  /** Held keys that were typing after all: deliver them to the focused field, in order. */
  | { readonly type: 'replay'; readonly keys: readonly KeyInput[] }
  /** A prefixed scan that never finished (cable, half a read): discarded, not typed. */
  | { readonly type: 'incomplete-scan'; readonly data: string; readonly reason: 'timeout' | 'too-short' | 'too-long' };

export type WedgeState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'holding';
      /** Every key suppressed so far (for replay). */
      readonly held: readonly KeyInput[];
      /** Data characters collected (GS restored). */
      readonly data: string;
      /** Prefix keys matched so far; equals prefix.length once inside a prefixed scan. */
      readonly prefixMatched: number;
      readonly firstTime: number;
      readonly lastTime: number;
    };

export interface WedgeStep {
  readonly state: WedgeState;
  /** True: the host must prevent this keystroke's default action (it is held or consumed). */
  readonly suppress: boolean;
  readonly effects: readonly WedgeEffect[];
}

export const IDLE: WedgeState = { phase: 'idle' };

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

function dataChar(config: WedgeConfig, k: KeyInput): string | undefined {
  for (const m of config.groupSeparatorKeys) {
    if (m.key === k.key && !!m.ctrlKey === !!k.ctrlKey && !!m.altKey === !!k.altKey) return '\x1D';
  }
  if (k.ctrlKey || k.metaKey || (k.altKey && !k.ctrlKey)) return undefined; // a shortcut
  return [...k.key].length === 1 ? k.key : undefined;
}

/** When the host must call tick() if no key arrives first, or null when nothing is pending. */
export function nextDeadline(config: WedgeConfig, state: WedgeState): number | null {
  return state.phase === 'holding' ? state.lastTime + config.maxInterKeyMs + 1 : null;
}

/** Feeds one keydown. */
export function wedgeKey(config: WedgeConfig, state: WedgeState, k: KeyInput): WedgeStep {
  if (MODIFIERS.has(k.key)) return { state, suppress: false, effects: [] };
  const effects: WedgeEffect[] = [];
  let s = state;
  if (s.phase === 'holding' && k.time - s.lastTime > config.maxInterKeyMs) {
    const t = resolveTimeout(config, s);
    effects.push(...t.effects);
    s = t.state;
  }
  const step = s.phase === 'idle' ? fromIdle(config, k) : whileHolding(config, s, k);
  return { state: step.state, suppress: step.suppress, effects: [...effects, ...step.effects] };
}

/** Advances time without a key: ends a burst whose next key is overdue. */
export function wedgeTick(config: WedgeConfig, state: WedgeState, now: number): { state: WedgeState; effects: readonly WedgeEffect[] } {
  if (state.phase === 'holding' && now - state.lastTime > config.maxInterKeyMs) return resolveTimeout(config, state);
  return { state, effects: [] };
}

function fromIdle(config: WedgeConfig, k: KeyInput): WedgeStep {
  if (config.prefix.length > 0) {
    if (k.key !== config.prefix[0]) return { state: IDLE, suppress: false, effects: [] };
    return { state: { phase: 'holding', held: [k], data: '', prefixMatched: 1, firstTime: k.time, lastTime: k.time }, suppress: true, effects: [] };
  }
  const ch = dataChar(config, k);
  if (ch === undefined) return { state: IDLE, suppress: false, effects: [] };
  return { state: { phase: 'holding', held: [k], data: ch, prefixMatched: 0, firstTime: k.time, lastTime: k.time }, suppress: true, effects: [] };
}

type Holding = Extract<WedgeState, { phase: 'holding' }>;

function whileHolding(config: WedgeConfig, s: Holding, k: KeyInput): WedgeStep {
  const prefixed = config.prefix.length > 0;
  const inScan = s.prefixMatched === config.prefix.length;
  if (prefixed && !inScan) {
    if (k.key === config.prefix[s.prefixMatched]) {
      return { state: { ...s, held: [...s.held, k], prefixMatched: s.prefixMatched + 1, lastTime: k.time }, suppress: true, effects: [] };
    }
    // Not our prefix after all: give the held keys back and treat this key afresh.
    const again = fromIdle(config, k);
    return { ...again, effects: [{ type: 'replay', keys: s.held }, ...again.effects] };
  }
  if (config.suffix.includes(k.key)) return endWithSuffix(config, s, k);
  const ch = dataChar(config, k);
  if (ch !== undefined) {
    if (s.data.length >= MAX_SCAN_LENGTH) {
      const end = prefixed ? incomplete(s, 'too-long') : { state: IDLE, effects: [{ type: 'replay', keys: s.held }] as WedgeEffect[] };
      return { state: end.state, suppress: prefixed, effects: end.effects };
    }
    return { state: { ...s, held: [...s.held, k], data: s.data + ch, lastTime: k.time }, suppress: true, effects: [] };
  }
  // A non-character key (arrow, Backspace, a shortcut) inside a burst.
  if (prefixed) return { state: { ...s, lastTime: k.time }, suppress: true, effects: [] }; // part of the scanner's output
  const end = config.requireSuffix || s.data.length < config.minLength ? replay(s) : scan(config, s, s.lastTime);
  return { state: IDLE, suppress: false, effects: end };
}

function endWithSuffix(config: WedgeConfig, s: Holding, k: KeyInput): WedgeStep {
  if (s.data.length >= config.minLength) return { state: IDLE, suppress: true, effects: scan(config, s, k.time) };
  if (config.prefix.length > 0) {
    const r = incomplete(s, 'too-short');
    return { state: r.state, suppress: true, effects: r.effects };
  }
  return { state: IDLE, suppress: false, effects: replay(s) }; // a person typed a few keys and Enter
}

function resolveTimeout(config: WedgeConfig, s: Holding): { state: WedgeState; effects: WedgeEffect[] } {
  if (config.prefix.length > 0) {
    if (s.prefixMatched < config.prefix.length) return { state: IDLE, effects: replay(s) };
    if (!config.requireSuffix && s.data.length >= config.minLength) return { state: IDLE, effects: scan(config, s, s.lastTime) };
    return incomplete(s, 'timeout');
  }
  if (!config.requireSuffix && s.data.length >= config.minLength) return { state: IDLE, effects: scan(config, s, s.lastTime) };
  return { state: IDLE, effects: replay(s) };
}

function scan(config: WedgeConfig, s: Holding, endTime: number): WedgeEffect[] {
  return [{ type: 'scan', event: { source: 'keyboard-wedge', deviceId: config.deviceId, data: s.data, receivedAt: endTime, durationMs: endTime - s.firstTime } }];
}

function replay(s: Holding): WedgeEffect[] {
  return [{ type: 'replay', keys: s.held }];
}

function incomplete(s: Holding, reason: 'timeout' | 'too-short' | 'too-long'): { state: WedgeState; effects: WedgeEffect[] } {
  return { state: IDLE, effects: [{ type: 'incomplete-scan', data: s.data, reason }] };
}

/**
 * A small mutable holder around the pure functions, for the renderer: it keeps the state and
 * reports effects through one callback. Tests drive the pure functions directly.
 */
export class KeyboardWedgeDetector {
  private state: WedgeState = IDLE;
  constructor(
    private readonly config: WedgeConfig,
    private readonly onEffect: (effect: WedgeEffect) => void,
  ) {}

  /** Returns true when the host must suppress the keystroke. */
  key(k: KeyInput): boolean {
    const step = wedgeKey(this.config, this.state, k);
    this.state = step.state;
    step.effects.forEach(this.onEffect);
    return step.suppress;
  }

  tick(now: number): void {
    const step = wedgeTick(this.config, this.state, now);
    this.state = step.state;
    step.effects.forEach(this.onEffect);
  }

  deadline(): number | null {
    return nextDeadline(this.config, this.state);
  }
}
