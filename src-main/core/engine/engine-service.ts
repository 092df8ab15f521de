/**
 * The dispensing engine as a service: the one API the operator UI, the headless runner and
 * the tests call. Each command is parsed, its role checked (21 CFR 11.10(g)), decided against
 * the order's replayed state (sequence 11.10(f), device checks 11.10(h)), and its entries
 * appended durably before the call returns — a step is confirmed only once it survives a power
 * cut. A refused command is itself recorded (`engine.command_refused`) and returned as a
 * typed error the UI translates.
 *
 * State is a fold over the order's ledger entries, memoised per batch and caught up from the
 * ledger before every decision, so entries appended by others (signatures) are always seen
 * and a fresh process resumes exactly where the last one stopped. Deciding and appending
 * happen in one synchronous stretch after any device I/O, so no other command can slip in
 * between the state a decision saw and the entries it appends.
 */
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { LedgerEntry, NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { EngineCommandSchema, type EngineCommand, type EngineCommandType } from '../../../src-shared/orders/engine-command.ts';
import type { OrderView } from '../../../src-shared/orders/order-view.ts';
import { trainingKey } from '../../../src-shared/master-data/training.ts';
import { err, InvariantViolation, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserDirectory, UserRecord } from '../auth/user-directory.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { SignatureService } from '../signatures/signature-service.ts';
import type { BalancePort } from '../../../src-core/order/balance-port.ts';
import { localDate, type DecideContext } from './decide-context.ts';
import { decide } from './decide.ts';
import type { Decision, IoNeed, IoResult } from './decision.ts';
import type { EngineConfig } from './engine-config.ts';
import type { EnvironmentGate } from './environment-checks.ts';
import { evolve, replayOrder } from '../../../src-core/order/evolve-order.ts';
import type { LabelContent, LabelPort } from './label-port.ts';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { checkTraining } from './order-prechecks.ts';
import type { OrderQueue, WorkQueueRow } from './order-queue.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { orderView } from './order-view.ts';
import { stationBalanceChoice } from './decide-weigh.ts';
import { returnLabelDue } from '../dispensary/return-label-due.ts';

export interface EngineDeps {
  ledger: Ledger;
  auth: AuthService;
  signatures: SignatureService;
  users: UserDirectory;
  clock: Clock;
  masterData: MasterDataReader;
  orders: OrderQueue;
  balances: BalancePort;
  labels: LabelPort;
  config: EngineConfig;
  /** The rooms' environment (issue 13): a room at the action level blocks work in it. */
  environment?: EnvironmentGate;
}

export interface CommandOutcome {
  /** Entries this command appended (a signature's own entry included). */
  appended: { seq: number; type: string }[];
  view: OrderView;
  /** The station's own follow-up (balance choice, label print) was refused: why, for the screen. */
  followUpError?: BatchlineError & { command: EngineCommandType };
}

/** Marks the entries of a choice the station made by itself, and what it chose among. */
interface AutoMark {
  chosenBy: 'station';
  candidates: string[];
}

const OPERATING: readonly Role[] = ['operator', 'supervisor'];
/** Who may issue each command at the station; signing roles are the signature policy's. */
const COMMAND_ROLES: Record<EngineCommandType, readonly Role[]> = {
  'start-order': OPERATING,
  'complete-order': OPERATING,
  acknowledge: OPERATING,
  checklist: OPERATING,
  'enter-parameter': OPERATING,
  // Who may fill which field is the form's own rule (fieldRoles), checked by decide-form.ts.
  'submit-form': ['operator', 'supervisor', 'qa'],
  // Who may correct which field: the form's fieldRoles, a supervisor once verified (decide-form.ts).
  'correct-form-value': ['operator', 'supervisor', 'qa'],
  'record-ipc': OPERATING,
  'start-timer': OPERATING,
  'stop-timer': OPERATING,
  'print-label': OPERATING,
  'scan-container': OPERATING,
  'select-balance': OPERATING,
  tare: OPERATING,
  capture: OPERATING,
  'resolve-stock-discrepancy': OPERATING,
  'raise-deviation': ['operator', 'supervisor', 'qa'],
  sign: [],
  'sign-step': [],
  'kit-scan': OPERATING,
  'stage-kit': OPERATING,
  'hand-over-kit': OPERATING,
  'charge-container': OPERATING,
  'complete-charge': OPERATING,
  'weigh-return': OPERATING,
  'resolve-return-discrepancy': OPERATING,
  'print-return-label': OPERATING,
  'record-spillage': OPERATING,
  'reconcile-order': OPERATING,
  'record-volume': OPERATING,
  'confirm-ppe': OPERATING,
  'request-reprint': OPERATING,
  'reprint-label': OPERATING,
  'account-label': OPERATING,
  // FR-141: the operator states what came out of the printer; the co-signer's role is the signature policy's ("verified").
  'settle-print': OPERATING,
};

/** Commands that carry a signature (password, optional user name and one-time code). */
const SIGNING_COMMANDS: ReadonlySet<EngineCommandType> = new Set(['sign', 'sign-step', 'resolve-stock-discrepancy', 'hand-over-kit', 'charge-container', 'resolve-return-discrepancy', 'confirm-ppe', 'request-reprint', 'correct-form-value', 'settle-print']);
type SigningCommand = Extract<EngineCommand, { type: 'sign' | 'sign-step' | 'resolve-stock-discrepancy' | 'hand-over-kit' | 'charge-container' | 'resolve-return-discrepancy' | 'confirm-ppe' | 'request-reprint' | 'correct-form-value' | 'settle-print' }>;
const isSigning = (cmd: EngineCommand): cmd is SigningCommand => SIGNING_COMMANDS.has(cmd.type);

/** Commands whose actor must be trained on the recipe (start-order checks it itself). */
const NO_TRAINING_CHECK: ReadonlySet<EngineCommandType> = new Set(['start-order', 'sign', 'raise-deviation']);

export class DispensingEngine {
  /**
   * Each order's state with the seq and hash of the last entry folded into it. FR-137: a state
   * folded while an outer transaction of the station's connection held entries it then rolled
   * back would otherwise run ahead of the ledger for good (its `lastSeq` past entries that were
   * never recorded, and the entries later written under those numbers skipped); `state` reads
   * that last entry again with the ones after it and folds afresh when it is not there.
   */
  private readonly cache = new Map<string, { state: OrderState; seq: number; hash: string }>();
  /** FR-139: per order, the `label.print_requested` seq of the print the station is waiting on now. */
  private readonly printing = new Map<string, number>();

  constructor(private readonly deps: EngineDeps) {}

  /** The work queue (planned, in progress, complete). */
  workQueue(filter?: { status?: WorkQueueRow['status'] }): WorkQueueRow[] {
    return this.deps.orders.list(filter);
  }

  view(batchNumber: string): OrderView {
    return orderView(this.state(batchNumber), this.deps.masterData, this.deps.clock.now(), (id) => this.deps.users.byId(id)?.username ?? null, this.printing.get(batchNumber) ?? null);
  }

  /** The order's state, caught up with every entry of the batch in the ledger. */
  state(batchNumber: string): OrderState {
    const cached = this.cache.get(batchNumber);
    if (cached) {
      // From the last entry folded in (one more row than before): when it is no longer there,
      // as it was, an outer transaction rolled it back and the state is folded afresh.
      const next = this.deps.ledger.query({ batchRef: batchNumber, afterSeq: cached.seq - 1, limit: Number.MAX_SAFE_INTEGER });
      if (next[0]?.seq === cached.seq && next[0].hash === cached.hash) {
        const last = next.at(-1)!;
        for (let i = 1; i < next.length; i++) evolve(cached.state, next[i]!);
        cached.seq = last.seq;
        cached.hash = last.hash;
        return cached.state;
      }
      this.cache.delete(batchNumber);
    }
    const entries = this.deps.ledger.query({ batchRef: batchNumber, limit: Number.MAX_SAFE_INTEGER });
    const s = replayOrder(batchNumber, entries);
    const last = entries.at(-1);
    if (s.status !== 'unknown' && last) this.cache.set(batchNumber, { state: s, seq: last.seq, hash: last.hash });
    return s;
  }

  /**
   * Would start-order be accepted from this user in this booth now? The engine's own start
   * decision, without appending anything: the pre-check screen's `ready` and the reason it
   * shows are this answer, so the screen cannot promise what the engine refuses.
   */
  startDecision(user: UserRecord, batchNumber: string, boothId: string, shareBooth = false): Result<void> {
    const d = decide(this.state(batchNumber), { type: 'start-order', boothId, shareBooth }, this.context(user), null, this.deps.users);
    return d.ok ? ok(undefined) : d;
  }

  async execute(sessionId: string, batchNumber: string, input: unknown): Promise<Result<CommandOutcome>> {
    const parsed = EngineCommandSchema.safeParse(input);
    if (!parsed.success) {
      return err('INPUT_INVALID', `invalid command: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
    }
    const cmd = parsed.data;
    const stepBefore = this.state(batchNumber).stepIndex;
    const done = await this.run(sessionId, batchNumber, cmd, null);
    if (!done.ok) return done;
    const follow = this.followUp(sessionId, batchNumber, cmd, stepBefore);
    if (!follow) return done;
    // The follow-up is the station's own command under the operator's session: decided,
    // refused and recorded exactly as if it had been touched; a refusal leaves the choice on
    // screen and is shown beside the operator's successful command.
    const next = await this.run(sessionId, batchNumber, follow.cmd, follow.mark);
    if (next.ok) return ok({ appended: [...done.value.appended, ...next.value.appended], view: next.value.view });
    return ok({ appended: done.value.appended, view: this.view(batchNumber), followUpError: { command: follow.cmd.type, ...next.error } });
  }

  /**
   * What the station does by itself after a command (issue 18 item 17, operator effort): the
   * balance for a scanned container when the rules leave a best choice (stationBalanceChoice),
   * and the dispensed-material label as soon as its step comes up after the weighing. Both
   * are ordinary engine commands, so the engine refuses what it refused; a label step with no
   * printer in production is refused and waits for the operator as before.
   */
  private followUp(sessionId: string, batchNumber: string, cmd: EngineCommand, stepBefore: number): { cmd: EngineCommand; mark: AutoMark | null } | null {
    // A co-signed reprint request is printed at once (issue 17 item 7): what it authorised, nothing more.
    if (cmd.type === 'request-reprint') return { cmd: { type: 'reprint-label', labelId: cmd.labelId }, mark: null };
    if (!this.deps.config.stationChoices) return null;
    const s = this.state(batchNumber);
    const label = returnLabelDue(s, cmd);
    if (label) return { cmd: label, mark: null };
    const step = s.steps[s.stepIndex];
    if (!step || s.status !== 'in-progress') return null;
    const def = step.planned.step;
    if (cmd.type === 'scan-container' && def.type === 'weigh' && step.progress.kind === 'weigh' && step.progress.phase === 'need-balance') {
      const active = this.deps.auth.require(sessionId);
      const choice = active.ok ? stationBalanceChoice(s, def.stepId, this.context(active.value.user)) : null;
      if (!choice) return null;
      return { cmd: { type: 'select-balance', stepId: def.stepId, balanceId: choice.balanceId, partial: false }, mark: { chosenBy: 'station', candidates: choice.candidates } };
    }
    if (s.stepIndex !== stepBefore && def.type === 'label' && def.labelKind === 'dispensed-material' && step.progress.kind === 'generic' && step.progress.phase === 'ready') {
      return { cmd: { type: 'print-label', stepId: def.stepId }, mark: null };
    }
    return null;
  }

  private async run(sessionId: string, batchNumber: string, cmd: EngineCommand, mark: AutoMark | null): Promise<Result<CommandOutcome>> {
    const active = this.deps.auth.require(sessionId, COMMAND_ROLES[cmd.type]);
    if (!active.ok) return active;
    const user = active.value.user;
    let state = this.state(batchNumber);
    const trained = this.checkTrained(state, cmd, user);
    if (!trained.ok) return this.refuse(state, cmd, user, trained.error);
    // FR-141: a print the station is still waiting on has no outcome yet: it is not settled by hand.
    if (cmd.type === 'settle-print' && this.printing.get(batchNumber) === cmd.printRequestSeq) {
      return this.refuse(state, cmd, user, { code: 'LABEL_PRINT_IN_PROGRESS', message: `the print of entry ${cmd.printRequestSeq} is still with the printer`, details: { printRequestSeq: cmd.printRequestSeq } });
    }
    let decision = decide(state, cmd, this.context(user), null, this.deps.users);
    if (!decision.ok) return this.refuse(state, cmd, user, decision.error);
    const recordedFirst: LedgerEntry[] = [];
    if (decision.value.io) {
      const need = decision.value.io;
      // FR-139: an effect outside the station whose absence from the record would break it is
      // recorded before it happens: a print puts labels into the world, to be reconciled; a
      // re-tare ends the tare on record (decideTare). What the ledger refuses is not done: the
      // ledger's typed error, nothing printed, the balance not touched.
      // FR-141: a port that only previews (training) puts no label into the world: no request.
      const announce = need.kind === 'print' && this.deps.labels.previewOnly !== true;
      const first = [...(decision.value.before ?? []), ...(announce ? [printRequest(state, cmd, user, need.labels)] : [])];
      let printRequestSeq: number | null = null;
      if (first.length > 0) {
        const announced = this.deps.ledger.append(first);
        if (!announced.ok) return announced;
        recordedFirst.push(...announced.value);
        if (announce) printRequestSeq = announced.value.at(-1)!.seq;
      }
      // FR-139: while the printer works, the view shows this request as printing, not as an
      // outcome unknown. Held here, not in the ledger: after a restart it is unknown.
      if (printRequestSeq !== null) this.printing.set(batchNumber, printRequestSeq);
      let io: Result<IoResult>;
      try {
        io = await this.performIo(need);
      } finally {
        if (printRequestSeq !== null) this.printing.delete(batchNumber);
      }
      state = this.state(batchNumber);
      if (!io.ok) {
        // FR-139: a failure closes the print as "not printed" only when nothing can have reached
        // the printer; one that failed after sending began leaves its outcome unknown.
        const delivered = io.error.details?.delivered === 'none' ? 'none' : 'unknown';
        // It names the step where there is one, so the record shows it under its step.
        const stepId = cmd.type === 'print-label' ? { stepId: cmd.stepId } : {};
        const failed: NewEntry[] = printRequestSeq === null ? [] : [{ type: 'label.print_failed', actor: user.userId, batchRef: state.batchNumber, payload: { printRequestSeq, ...stepId, code: io.error.code, message: io.error.message.slice(0, 2000), delivered } }];
        return this.refuse(state, cmd, user, io.error, failed);
      }
      const result: IoResult = printRequestSeq !== null && io.value.kind === 'printed' ? { ...io.value, printRequestSeq } : io.value;
      decision = decide(state, cmd, this.context(user), result, this.deps.users);
      if (!decision.ok) return this.refuse(state, cmd, user, decision.error);
      if (decision.value.io) throw new InvariantViolation(`${cmd.type} asked for I/O twice`);
      if (printRequestSeq !== null) checkOutcomeLabels(decision.value.entries, printRequestSeq, recordedFirst.at(-1)!);
    }
    const d = mark ? { ...decision.value, entries: decision.value.entries.map((e) => ({ ...e, payload: { ...(e.payload as object), ...mark } })) } : decision.value;
    return this.carryOut(sessionId, batchNumber, cmd, user, d, recordedFirst);
  }

  private carryOut(sessionId: string, batchNumber: string, cmd: EngineCommand, user: UserRecord, d: Decision, recordedFirst: readonly LedgerEntry[] = []): Result<CommandOutcome> {
    const appended: LedgerEntry[] = [];
    if (d.entries.length > 0) {
      const r = this.deps.ledger.append(d.entries);
      if (!r.ok) return r;
      appended.push(...r.value);
    }
    if (d.reject) {
      const recordedSeq = appended[0]?.seq ?? null;
      return { ok: false, error: { ...d.reject, details: { ...d.reject.details, recordedSeq } } };
    }
    if (d.sign) {
      const password = signingPassword(cmd);
      if (password === null) throw new InvariantViolation(`${cmd.type} cannot sign`);
      const targetSeq = d.sign.targetSeq === 'first-appended' ? appended[0]?.seq : d.sign.targetSeq;
      if (targetSeq === undefined) throw new InvariantViolation('nothing appended to sign');
      const otp = isSigning(cmd) ? cmd.otp : undefined;
      const signed = this.deps.signatures.sign({ sessionId, targetSeq, meaning: d.sign.meaning, password, ...(d.sign.username !== null ? { username: d.sign.username } : {}), ...(otp ? { otp } : {}) });
      if (!signed.ok) return this.refuse(this.state(batchNumber), cmd, user, signed.error);
      appended.push(signed.value);
    }
    return ok({ appended: [...recordedFirst, ...appended].map((e) => ({ seq: e.seq, type: e.type })), view: this.view(batchNumber) });
  }

  private checkTrained(state: OrderState, cmd: EngineCommand, user: UserRecord): Result<void> {
    if (NO_TRAINING_CHECK.has(cmd.type) || state.order === null) return ok(undefined);
    const recipeCode = state.order.recipeCode;
    const now = this.deps.clock.now();
    const t = checkTraining(this.deps.masterData.get('training', trainingKey({ username: user.username, recipeCode })), user.username, recipeCode, localDate(now, this.deps.clock.tzOffset(now)));
    return t.ok ? ok(undefined) : t;
  }

  private context(actor: UserRecord): DecideContext {
    const now = this.deps.clock.now();
    const tzOffset = this.deps.clock.tzOffset(now);
    return { now, tzOffset, today: localDate(now, tzOffset), actor, md: this.deps.masterData, config: this.deps.config, findWeighing: (seq) => this.findWeighing(seq), ...(this.deps.environment ? { environment: this.deps.environment } : {}) };
  }

  /** The weighing entry at a ledger seq (a dispensed container's id names it), of any order. */
  private findWeighing(seq: number): { batchNumber: string; stepId: string; lineId: string } | null {
    const e = this.deps.ledger.bySeq(seq);
    if (!e || e.type !== 'dispense.weighed' || e.batchRef === null) return null;
    const p = e.payload as { stepId: string; lineId: string };
    return { batchNumber: e.batchRef, stepId: p.stepId, lineId: p.lineId };
  }

  private async performIo(need: IoNeed): Promise<Result<IoResult>> {
    const { balances, labels, config } = this.deps;
    switch (need.kind) {
      case 'identify': {
        const r = await balances.identify(need.balanceId);
        return r.ok ? ok({ kind: 'identify', serialNumber: r.value.serialNumber }) : r;
      }
      case 'tare': {
        const r = await balances.tare(need.balanceId);
        if (!r.ok) return r;
        // A tare done under dynamic conditions (MT-SICS `TI D`) is not a settled tare: refused,
        // even when the protocol reports no tare value to mark unstable (issue 18 item 6).
        if (r.value.dynamic === true) return err('READING_NOT_STABLE', 'the balance tared under dynamic conditions (it had not settled): tare again', { balanceId: need.balanceId });
        // FR-142: the tare the balance holds after the station's tare, and key presses watched from here.
        const state = await balances.tareState(need.balanceId, { restart: true });
        if (!state.ok) return state;
        return ok({ kind: 'tare', reading: r.value.tare, tareState: state.value });
      }
      case 'read-stable': {
        const r = await balances.readStable(need.balanceId, config.stableTimeoutMs);
        if (!r.ok || need.tareState === undefined) return r.ok ? ok({ kind: 'reading', reading: r.value }) : r;
        const state = await balances.tareState(need.balanceId, { restart: need.tareState === 'restart' });
        return state.ok ? ok({ kind: 'reading', reading: r.value, tareState: state.value }) : state;
      }
      case 'print': {
        const r = await labels.print(need.labels);
        // A missing printer is a configuration refusal the operator must see as such, not a print fault.
        if (!r.ok) return r.error.code === 'LABEL_PRINTER_NOT_CONFIGURED' ? r : err('LABEL_PRINT_FAILED', `the label could not be printed: ${r.error.message}`, { cause: r.error.code, ...r.error.details });
        // FR-141: a preview-only port announced nothing; a receipt naming a printer from it would be a label with no request.
        if (labels.previewOnly === true && r.value.printerId !== null) throw new InvariantViolation('a preview-only label port reported a print');
        return ok({ kind: 'printed', labels: need.labels, ...r.value });
      }
    }
  }

  /**
   * Records the refused attempt with the order (auditor: "attempt logged") and returns the
   * error. A signature or co-signature is the attempt of the person who typed their name, not
   * of whoever is logged in: the refusal is recorded under that account (issue 18 item 7), and
   * the session's user is named beside it.
   */
  private refuse(state: OrderState, cmd: EngineCommand, user: UserRecord, error: BatchlineError, before: NewEntry[] = []): Result<never> {
    if (state.status !== 'unknown' || before.length > 0) {
      const attempted = this.attemptedBy(cmd, error);
      const payload: Record<string, unknown> = { command: cmd.type, stepId: 'stepId' in cmd ? (cmd.stepId ?? null) : null, code: error.code, message: error.message };
      if (attempted.username !== null) payload.attemptedUsername = attempted.username;
      if (attempted.userId !== null && attempted.userId !== user.userId) payload.sessionUserId = user.userId;
      const refusal: NewEntry = { type: 'engine.command_refused', actor: attempted.userId ?? user.userId, batchRef: state.batchNumber, payload };
      const r = this.deps.ledger.append([...before, refusal]);
      // FR-137: a refusal the ledger cannot take (the clock set back, the GMP gate, a full disk)
      // is the ledger's typed error; the command is refused either way, never a throw.
      if (!r.ok) return r;
    }
    return { ok: false, error };
  }

  /** Who attempted a signing command: the signature service's finding, else the typed name. */
  private attemptedBy(cmd: EngineCommand, error: BatchlineError): { userId: string | null; username: string | null } {
    const typed = signerNameOf(cmd);
    const found = typeof error.details?.attemptedBy === 'string' ? this.deps.users.byId(error.details.attemptedBy) : typed !== null ? this.deps.users.byUsername(typed) : undefined;
    return { userId: found?.userId ?? null, username: found?.username ?? typed };
  }
}

/**
 * FR-139: the entry announcing a print, in the order's record before the printer gets the job:
 * the command, what it prints for (step, label replaced, container), the labels and their hash.
 */
function printRequest(state: OrderState, cmd: EngineCommand, user: UserRecord, labels: readonly LabelContent[]): NewEntry {
  const batchNumber = state.batchNumber;
  const payload: Record<string, unknown> = { command: cmd.type, labels, contentSha256: createHash('sha256').update(canonicalJson(labels)).digest('hex') };
  if (cmd.type === 'print-label') {
    // A label step's request is a step entry: its step and index, like the print it announces.
    payload.stepId = cmd.stepId;
    const step = state.steps.find((x) => x.planned.step.stepId === cmd.stepId);
    if (step) payload.stepIndex = step.index;
  }
  if (cmd.type === 'reprint-label') payload.labelId = cmd.labelId;
  if (cmd.type === 'print-return-label') payload.containerId = cmd.containerId;
  return { type: 'label.print_requested', actor: user.userId, batchRef: batchNumber, payload };
}

/**
 * FR-139: the outcome of a print records the labels its request announced, to the byte: the
 * labels of the outcome entry naming the request hash to the request's contentSha256. A
 * decision that would record other labels (rebuilt after the print, with another time) is a
 * defect, never appended.
 */
function checkOutcomeLabels(entries: readonly NewEntry[], printRequestSeq: number, request: LedgerEntry): void {
  const outcome = entries.find((e) => (e.payload as { printRequestSeq?: unknown }).printRequestSeq === printRequestSeq);
  if (!outcome) throw new InvariantViolation(`the print announced by entry ${printRequestSeq} has no outcome entry`);
  const p = outcome.payload as { labels?: unknown; label?: unknown };
  const labels = Array.isArray(p.labels) ? p.labels : p.label !== undefined ? [p.label] : null;
  const expected = (request.payload as { contentSha256?: unknown }).contentSha256;
  if (labels === null || createHash('sha256').update(canonicalJson(labels)).digest('hex') !== expected) {
    throw new InvariantViolation(`${outcome.type} records labels other than those announced by entry ${printRequestSeq}`);
  }
}

/** The user name a command carries for a signature (own, co-signature, verification). */
function signerNameOf(cmd: EngineCommand): string | null {
  if (isSigning(cmd)) return cmd.username?.trim().toLowerCase() || null;
  if (cmd.type === 'scan-container' || cmd.type === 'weigh-return') return cmd.manualEntry?.username.trim().toLowerCase() ?? null;
  return null;
}

/** The password typed for the signature a command asks for; null for commands that sign nothing. */
function signingPassword(cmd: EngineCommand): string | null {
  if (isSigning(cmd)) return cmd.password;
  if (cmd.type === 'scan-container' || cmd.type === 'weigh-return') return cmd.manualEntry?.password ?? null;
  return null;
}
