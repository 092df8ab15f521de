/**
 * Deterministic replay (issue 15 item 3; `batchline replay`): runs a batch's recorded ledger
 * through the CURRENT engine — the order fold (src-core/order/evolve-order.ts) and the engine's
 * decisions — and reports every decision the current software would take differently from the
 * one recorded. The regression test for every upgrade: an old batch that replays with no
 * difference means the new engine still agrees with what was done and signed.
 *
 * What is re-decided, from the state the current fold reaches just before each entry:
 *   - an entry that belongs to a step is accepted at that point (the step is the active one);
 *   - a weighing: the line window, the cumulative total, the tolerance verdict and the outcome;
 *   - a parameter, IPC result or stopped timer: the engine's own decide-* function re-run at the
 *     entry's time (a stopped timer: at its recorded stop, if not after the entry) on the
 *     recorded value (refused now? within limits? the same result?);
 *   - a signature: its meaning is one the current engine requires of the signed record;
 *   - completion: the order completes only when every step is done.
 * The decisions are injectable (`ReplayEngine`), so a test can change one on purpose and see
 * the difference reported.
 */
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { addMass, compareMass, formatMass, type Mass } from '../../../src-shared/mass.ts';
import { checkTolerance, type ToleranceVerdict, type ToleranceWindow } from '../../../src-shared/recipe/tolerance-window.ts';
import type { WindowAtReadability } from '../../../src-shared/recipe/window-at-readability.ts';
import type { PlannedStep } from '../../../src-shared/orders/execution-plan.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { evolve, requiredFor } from '../../../src-core/order/evolve-order.ts';
import { emptyOrderState, type OrderState, type StepState } from '../../../src-core/order/order-state.ts';
import { atReadabilityVerdict } from './portion-at-readability.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { InvariantViolation, type Result } from '../../../src-shared/result.ts';
import type { UserRecord } from '../auth/user-directory.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import { localDate, type DecideContext } from './decide-context.ts';
import type { Decision } from './decision.ts';
import { engineConfigFromLimits, type EngineConfig } from './engine-config.ts';
import { configVersion } from '../../../src-core/config/config-version.ts';
import { foldSettings } from '../settings/settings-service.ts';

/** The engine configuration in force at an entry, and the configuration version that names it (A11-17). */
export interface ConfigInForce {
  config: EngineConfig;
  version: string;
}

/**
 * The configuration in force at each seq, from the station's `settings.changed` entries (the
 * ledger records every change, and the hash chain binds each entry to its place after it; the
 * rest of the engine configuration is the software's, recorded by `station.software_upgraded`).
 * No changes: the defaults, as a station that never changed a setting ran.
 */
export function configInForce(settingsChanges: readonly LedgerEntry[]): (seq: number) => ConfigInForce {
  const changes = settingsChanges.filter((e) => e.type === 'settings.changed').sort((a, b) => a.seq - b.seq);
  const cache = new Map<number, ConfigInForce>();
  return (seq) => {
    const n = changes.filter((e) => e.seq < seq).length;
    let c = cache.get(n);
    if (!c) {
      const settings = foldSettings(changes.slice(0, n));
      cache.set(n, (c = { config: engineConfigFromLimits(settings.limits), version: configVersion(settings) }));
    }
    return c;
  };
}
import { decideIpc, decideParameter, decideStopTimer } from './decide-steps.ts';
import { decideForm } from './decide-form.ts';
import type { FormScalar } from '../../../src-shared/recipe/form-schema.ts';

export interface WeighVerdictInput {
  cumulative: Mass;
  lineWindow: Pick<ToleranceWindow, 'lower' | 'upper' | 'target'>;
  net: Mass;
  /** The portion's limits at the balance's readability, when the weighing was held to them. */
  acceptanceWindow: WindowAtReadability | null;
}

/** The engine decisions replay re-takes; `currentEngine` is the software as it is now. */
/** What the engine decides for a recorded parameter, IPC result or stopped timer, given the state before it. */
export type StepOutcome = { withinLimits: boolean | null; result: Record<string, unknown> } | { refused: string };

export interface ReplayEngine {
  evolve(s: OrderState, e: LedgerEntry): OrderState;
  weighVerdict(input: WeighVerdictInput): ToleranceVerdict;
  requiredSignatures(planned: PlannedStep): SignatureMeaning[];
  /**
   * Re-runs the engine's own decide-* for a recorded step result, under the engine configuration
   * in force when the entry was written; null for step types it does not re-decide.
   */
  decideStep(s: OrderState, e: LedgerEntry, config: EngineConfig): StepOutcome | null;
}

export const currentEngine: ReplayEngine = {
  evolve,
  weighVerdict: ({ cumulative, lineWindow, net, acceptanceWindow }) => atReadabilityVerdict(checkTolerance(cumulative, lineWindow), net, acceptanceWindow),
  requiredSignatures: requiredFor,
  decideStep: decideRecordedStep,
};

/**
 * The command a recorded step result came from, run through the current decide-* function at
 * the entry's own time, by its own actor. These decisions read no master data.
 */
function decideRecordedStep(s: OrderState, e: LedgerEntry, config: EngineConfig): StepOutcome | null {
  const p = e.payload as { stepId: string; stepType: string; result: Record<string, unknown> };
  const now = decidedAt(e, p);
  const ctx: DecideContext = {
    now,
    tzOffset: e.tzOffset,
    today: localDate(now, e.tzOffset),
    actor: { userId: e.actor ?? '' } as UserRecord,
    md: NO_MASTER_DATA,
    config,
  };
  let decided: Result<Decision>;
  if (p.stepType === 'parameter') decided = decideParameter(s, { type: 'enter-parameter', stepId: p.stepId, value: String(p.result.value) }, ctx);
  else if (p.stepType === 'ipc') decided = decideIpc(s, { type: 'record-ipc', stepId: p.stepId, value: String(p.result.value) }, ctx);
  else if (p.stepType === 'timer') decided = decideStopTimer(s, { type: 'stop-timer', stepId: p.stepId }, ctx);
  else if (p.stepType === 'form') decided = decideForm(s, { type: 'submit-form', stepId: p.stepId, values: ((e.type === 'form.part_recorded' ? (p as P).values : p.result.values) ?? {}) as Record<string, FormScalar> }, ctx);
  else return null;
  if (!decided.ok) return { refused: decided.error.code };
  if (e.type === 'form.part_recorded') {
    // A part of a form filled by more than one person (FR-105): the same values, calculations and open fields.
    const part = decided.value.entries.find((x) => x.type === 'form.part_recorded');
    if (!part) return { refused: 'NO_RECORD' };
    return { withinLimits: null, result: partResult(part.payload) };
  }
  const recorded = decided.value.entries.find((x) => x.type === 'step.recorded');
  if (!recorded) return { refused: 'NO_RECORD' };
  return { withinLimits: (recorded.payload.withinLimits as boolean | null) ?? null, result: recorded.payload.result as Record<string, unknown> };
}

const partResult = (p: P): Record<string, unknown> => ({ values: p.values, calculated: p.calculated, open: p.open });

/**
 * When the engine decided: the entry's time, except for a stopped timer, whose decision read the
 * clock a moment before the ledger stamped the entry (a millisecond or more under load). Its
 * recorded stop time is that moment, trusted only if it is not after the entry itself; the
 * elapsed seconds, limits and verdict are still re-decided from it.
 */
function decidedAt(e: LedgerEntry, p: { stepType: string; result: Record<string, unknown> }): Date {
  const at = new Date(e.time);
  if (p.stepType !== 'timer' || typeof p.result.stoppedAt !== 'string') return at;
  const stopped = new Date(p.result.stoppedAt);
  return Number.isNaN(stopped.getTime()) || stopped.getTime() > at.getTime() ? at : stopped;
}

/** The decisions replayed read no master data; reaching for it is a bug in replay, said loudly. */
const NO_MASTER_DATA = new Proxy({} as MasterDataReader, {
  get: (_t, name) => {
    throw new InvariantViolation(`replay of a recorded step read master data (${String(name)})`);
  },
});

export interface ReplayDifference {
  batchNumber: string;
  seq: number;
  type: string;
  /** Which decision: "verdict", "outcome", "cumulative", "line window", "step", "signature", "completion", "step status". */
  decision: string;
  recorded: string;
  replayed: string;
}

export interface ReplayReport {
  batchNumber: string;
  entries: number;
  decisions: number;
  differences: ReplayDifference[];
  /** The configuration versions the batch's entries were written under (and replayed under), in order. */
  configVersions: string[];
}

type P = Record<string, unknown>;

// Entries recorded in the active step: replay checks each was made in the step then due.
// FR-139: a label step's print request is one (it names its step and index); a reprint's or
// return label's request names no step and is not.
const STEP_TYPES = new Set(['step.recorded', 'form.part_recorded', 'label.print_requested', 'label.printed', 'timer.started', 'dispense.container_scanned', 'dispense.balance_selected', 'dispense.tare_requested', 'dispense.tared', 'balance.tare_changed', 'dispense.weighed', 'kit.container_scanned', 'kit.staged', 'kit.handed_over', 'kit.container_charged']);

/**
 * `configAt`: the engine configuration in force when each entry was written (configInForce over
 * the station's settings changes); without it, the defaults.
 */
export function replayBatch(batchNumber: string, entries: readonly LedgerEntry[], engine: ReplayEngine = currentEngine, configAt: (seq: number) => ConfigInForce = configInForce([])): ReplayReport {
  const configVersions: string[] = [];
  const s = emptyOrderState(batchNumber);
  const differences: ReplayDifference[] = [];
  let decisions = 0;
  const differ = (e: LedgerEntry, decision: string, recorded: string, replayed: string) => differences.push({ batchNumber, seq: e.seq, type: e.type, decision, recorded, replayed });

  for (const e of entries) {
    const version = configAt(e.seq).version;
    if (configVersions.at(-1) !== version) configVersions.push(version);
    const p = e.payload as P;
    if (STEP_TYPES.has(e.type) && s.status === 'in-progress' && (e.type !== 'label.print_requested' || typeof p.stepIndex === 'number')) {
      decisions++;
      const step = activeStepFor(s, p);
      if (!step) {
        const active = s.steps[s.stepIndex];
        differ(e, 'step', `recorded in step ${String(p.stepId)} (#${String(p.stepIndex)})`, active ? `the active step is ${active.planned.step.stepId} (#${active.index}): the entry would be refused` : 'no step is active: the entry would be refused');
      } else if (e.type === 'dispense.weighed' && step.progress.kind === 'weigh') {
        const w = step.progress;
        decisions += 4;
        const win = w.lineWindow;
        const recordedWin = p.lineWindow as ToleranceWindow;
        if (compareMass(win.lower, recordedWin.lower) !== 0 || compareMass(win.upper, recordedWin.upper) !== 0) {
          differ(e, 'line window', `${formatMass(recordedWin.lower)} … ${formatMass(recordedWin.upper)}`, `${formatMass(win.lower)} … ${formatMass(win.upper)}`);
        }
        const cumulative = addMass(w.cumulative, p.contribution as Mass);
        if (compareMass(cumulative, p.cumulative as Mass) !== 0) differ(e, 'cumulative', formatMass(p.cumulative as Mass), formatMass(cumulative));
        const verdict = engine.weighVerdict({ cumulative, lineWindow: win, net: p.net as Mass, acceptanceWindow: (p.acceptanceWindow as WindowAtReadability | undefined) ?? null });
        if (verdict !== p.verdict) differ(e, 'verdict', String(p.verdict), verdict);
        const outcome = verdict === 'within' ? 'accepted' : verdict === 'below' && p.declaredPartial === true ? 'partial' : 'out-of-tolerance';
        if (outcome !== p.outcome) differ(e, 'outcome', String(p.outcome), outcome);
      }
    }
    if ((e.type === 'step.recorded' || e.type === 'form.part_recorded') && s.status === 'in-progress' && activeStepFor(s, p)) {
      const outcome = engine.decideStep(s, e, configAt(e.seq).config);
      if (outcome) {
        decisions++;
        const part = e.type === 'form.part_recorded';
        const recordedResult = part ? partResult(p) : p.result;
        const recordedLimits = part ? null : p.withinLimits;
        if ('refused' in outcome) differ(e, 'step result', `recorded (within limits: ${String(recordedLimits)})`, `refused with ${outcome.refused}`);
        else {
          if (outcome.withinLimits !== recordedLimits) differ(e, 'within limits', String(recordedLimits), String(outcome.withinLimits));
          if (canonicalJson(outcome.result) !== canonicalJson(recordedResult)) differ(e, 'step result', canonicalJson(recordedResult), canonicalJson(outcome.result));
        }
      }
    }
    if (e.type === 'signature.applied') {
      const record = s.records.get(p.targetSeq as number);
      const planned = record && record.stepIndex !== null ? s.steps[record.stepIndex]?.planned : undefined;
      if (record && planned) {
        decisions++;
        const required = engine.requiredSignatures(planned);
        if (!required.includes(p.meaning as SignatureMeaning)) differ(e, 'signature', `${String(p.meaning)} signature of entry ${String(p.targetSeq)}`, `the engine requires ${required.length > 0 ? required.join(', ') : 'no signature'} there`);
      }
    }
    if (e.type === 'order.completed') {
      decisions++;
      const open = s.steps.filter((st) => st.status !== 'done');
      if (open.length > 0) differ(e, 'completion', 'order completed', `steps ${open.map((st) => st.planned.step.stepId).join(', ')} are not done: completion would be refused`);
    }
    engine.evolve(s, e);
  }
  return { batchNumber, entries: entries.length, decisions, differences, configVersions };
}

function activeStepFor(s: OrderState, p: P): StepState | undefined {
  const step = s.steps[p.stepIndex as number];
  return step && step.status === 'active' && step.planned.step.stepId === p.stepId ? step : undefined;
}
