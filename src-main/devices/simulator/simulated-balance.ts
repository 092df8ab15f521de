/**
 * An in-process model of a laboratory balance, protocol-free: what is on the pan, what the
 * display shows and whether it has settled. Protocol front-ends (MT-SICS, SBI, A&D) put it on a
 * line; the demo station and the tests drive it directly.
 *
 * Physics, simplified but shaped like the real thing:
 * - after a load change the display swings around the new value with an amplitude decaying
 *   linearly to zero over `settlingMs`, and is marked unstable until then;
 * - `unstable` (a draught, a vibrating bench) keeps it swinging and unstable indefinitely;
 * - `driftPerMinute` adds a slow creep of the indication (temperature drift); zero and tare
 *   absorb what has crept so far, and the creep goes on from there;
 * - above capacity + 9 d it reports overload (OIML R 76 blanks the display there), below
 *   -20 d of the zero point it reports underload (the pan lifted off);
 * - zero works within ±2 % of capacity around the power-on zero, tare up to capacity.
 * Values are exact decimals, rounded to the readability like a real display.
 * The clock and the noise seed are injected, so a test run is reproducible.
 */
import {
  addMass,
  compareMass,
  convertMass,
  mass,
  negateMass,
  roundToReadability,
  scaleMass,
  subtractMass,
  type Mass,
  type MassUnit,
} from '../../../src-shared/mass.ts';
import { unwrap } from '../../../src-shared/result.ts';

export interface SimulatedBalanceConfig {
  readonly model: string;
  readonly serialNumber: string;
  readonly software: string;
  readonly capacity: Mass;
  readonly readability: Mass;
  /** The unit the display shows. */
  readonly unit: MassUnit;
  readonly settlingMs: number;
  /** Peak swing right after a load change, in scale intervals. */
  readonly swingIntervals: number;
  readonly driftPerMinute: Mass;
  readonly seed: number;
}

export const DEFAULT_SIMULATED_BALANCE: SimulatedBalanceConfig = {
  model: 'SIM-XS205',
  serialNumber: 'B123456789',
  software: '1.0.0 sim',
  capacity: { amount: '220.0000', unit: 'g' },
  readability: { amount: '0.0001', unit: 'g' },
  unit: 'g',
  settlingMs: 600,
  swingIntervals: 50,
  driftPerMinute: { amount: '0', unit: 'g' },
  seed: 41,
};

export const TARE_QUERY_ANSWERS = ['answers', 'not-understood', 'silent'] as const;
export type TareQueryAnswer = (typeof TARE_QUERY_ANSWERS)[number];

export type DisplayState =
  | { readonly kind: 'weight'; readonly net: Mass; readonly stable: boolean }
  | { readonly kind: 'overload' }
  | { readonly kind: 'underload' };

export type OperationResult<T = void> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'not-stable' | 'range-high' | 'range-low' | 'overload' | 'underload' };

const ZERO_G: Mass = { amount: '0', unit: 'g' };

export class SimulatedBalance {
  readonly config: SimulatedBalanceConfig;
  private load: Mass = ZERO_G;
  private zeroPoint: Mass = ZERO_G;
  private tareMass: Mass = ZERO_G;
  private changedAt: number;
  private driftSince: number;
  private random: () => number;
  /** Vibration or draught: never settles while on. */
  unstable = false;
  /** Pan lifted: the balance reads far below zero. */
  panOff = false;
  /** Extra delay before every answer (a balance busy with its own work), ms. */
  replyDelayMs = 0;
  /** The cable is pulled: the front-ends neither hear nor answer. */
  unplugged = false;
  /**
   * FR-142: how the tare query (MT-SICS `TA`, A&D `?PT`) is answered: with the tare, "not
   * understood" (an MT-SICS level-0 balance: `ES`; an A&D model without preset tare: `EC,E1`),
   * or not at all (a balance that stays silent).
   */
  tareQuery: TareQueryAnswer = 'answers';
  /** Settling time after a load change, ms (adjustable while running). */
  settlingMs: number;
  /** Creep per minute since the last zero or tare (adjustable while running). */
  driftPerMinute: Mass;

  constructor(
    config: Partial<SimulatedBalanceConfig> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.config = { ...DEFAULT_SIMULATED_BALANCE, ...config };
    this.settlingMs = this.config.settlingMs;
    this.driftPerMinute = this.config.driftPerMinute;
    this.changedAt = now() - this.config.settlingMs;
    this.driftSince = now();
    this.random = mulberry32(this.config.seed);
  }

  /** Puts a container or material on the pan. */
  place(m: Mass): void {
    this.load = addMass(this.load, convertMass(m, 'g'));
    this.changedAt = this.now();
  }

  /** Takes a mass off the pan; without argument, clears the pan. */
  remove(m?: Mass): void {
    this.load = m ? subtractMass(this.load, convertMass(m, 'g')) : ZERO_G;
    this.changedAt = this.now();
  }

  /** Back to the power-on state: empty pan, no tare, original zero, no faults. */
  reset(): void {
    this.load = ZERO_G;
    this.zeroPoint = ZERO_G;
    this.tareMass = ZERO_G;
    this.unstable = false;
    this.panOff = false;
    this.replyDelayMs = 0;
    this.tareQuery = 'answers';
    this.changedAt = this.now() - this.settlingMs;
    this.driftSince = this.now();
  }

  /** The tare as the display would show it: rounded to d (a cleared tare is "0.0000 g", as TA answers). */
  get tare(): Mass {
    return unwrap(roundToReadability(convertMass(this.tareMass, this.config.unit), this.config.readability));
  }

  isStable(): boolean {
    return !this.unstable && this.now() - this.changedAt >= this.settlingMs;
  }

  /** What the display shows now (net of tare, in the display unit, rounded to d). */
  display(): DisplayState {
    const gross = this.grossNow();
    const d = convertMass(this.config.readability, 'g');
    if (compareMass(gross, addMass(this.config.capacity, unwrap(scaleMass(d, '9')))) > 0) return { kind: 'overload' };
    if (compareMass(gross, negateMass(unwrap(scaleMass(d, '20')))) < 0) return { kind: 'underload' };
    const stable = this.isStable();
    let net = subtractMass(gross, this.tareMass);
    if (!stable) net = addMass(net, this.swing());
    const shown = unwrap(roundToReadability(convertMass(net, this.config.unit), this.config.readability));
    return { kind: 'weight', net: shown, stable };
  }

  /** Zero key: sets the zero point, clears the tare. Needs stability and ±2 % of capacity. */
  zero(immediate = false): OperationResult {
    const guard = this.guard(immediate);
    if (guard) return guard;
    const offset = subtractMass(this.grossNow(), ZERO_G);
    const limit = unwrap(scaleMass(this.config.capacity, '0.02'));
    const total = addMass(this.zeroPoint, offset);
    if (compareMass(total, limit) > 0) return { ok: false, reason: 'range-high' };
    if (compareMass(total, negateMass(limit)) < 0) return { ok: false, reason: 'range-low' };
    this.zeroPoint = total;
    this.tareMass = ZERO_G;
    return { ok: true, value: undefined };
  }

  /** Tare key: stores the current gross as tare. Returns the tare in the display unit. */
  tareNow(immediate = false): OperationResult<Mass> {
    const guard = this.guard(immediate);
    if (guard) return guard;
    const gross = this.grossNow();
    if (compareMass(gross, ZERO_G) < 0) return { ok: false, reason: 'range-low' };
    const d = this.config.readability;
    this.tareMass = unwrap(roundToReadability(gross, d));
    return { ok: true, value: this.tare };
  }

  presetTare(m: Mass): OperationResult<Mass> {
    if (compareMass(m, this.config.capacity) > 0) return { ok: false, reason: 'range-high' };
    if (compareMass(m, ZERO_G) < 0) return { ok: false, reason: 'range-low' };
    this.tareMass = unwrap(roundToReadability(convertMass(m, 'g'), this.config.readability));
    return { ok: true, value: this.tare };
  }

  clearTare(): void {
    this.tareMass = ZERO_G;
  }

  private guard(immediate: boolean): OperationResult<never> | null {
    const shown = this.display();
    if (shown.kind !== 'weight') return { ok: false, reason: shown.kind };
    if (!immediate && !shown.stable) return { ok: false, reason: 'not-stable' };
    return null;
  }

  /** Gross relative to the zero point, with drift; grams. */
  private grossNow(): Mass {
    const onPan = this.panOff ? { amount: '-50', unit: 'g' as const } : this.load;
    const minutes = ((this.now() - this.driftSince) / 60_000).toFixed(6);
    const drift = unwrap(scaleMass(convertMass(this.driftPerMinute, 'g'), minutes));
    return addMass(subtractMass(onPan, this.zeroPoint), drift);
  }

  private swing(): Mass {
    const elapsed = this.now() - this.changedAt;
    const decay = this.unstable ? 1 : Math.max(0, 1 - elapsed / Math.max(1, this.settlingMs));
    const intervals = Math.round((this.random() * 2 - 1) * this.config.swingIntervals * decay);
    return unwrap(scaleMass(convertMass(this.config.readability, 'g'), String(intervals === 0 ? 1 : intervals)));
  }
}

/** A small seeded PRNG (public-domain mulberry32) so simulated noise repeats run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parses "100.5 g" style control input into a mass (for the simulator's control commands). */
export function massArg(text: string): Mass | null {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*(mg|g|kg)\s*$/.exec(text);
  if (!m) return null;
  const r = mass(m[1]!, m[2]!);
  return r.ok ? r.value : null;
}
