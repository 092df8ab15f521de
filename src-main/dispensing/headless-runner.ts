/**
 * Runs a whole dispensing order without a screen (issue 4, item 8): a scripted operator and
 * supervisor drive the engine's public API exactly as the UI would — read the order view, put
 * containers and material on the simulated bench, issue the command the current step allows,
 * sign, co-sign. Used by `batchline run-order`, the demo seed, the end-to-end tests and the
 * benchmark. It picks usable containers (opened ones first, so a short one gives a split),
 * the smallest qualified balance that fits, and can act out faults per material line.
 */
import { compareMass, convertMass, roundToReadability, subtractMass, addMass, scaleMass, type Mass } from '../../src-shared/mass.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import type { RecipeStep } from '../../src-shared/recipe/recipe-step.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import { witness } from '../../src-shared/recipe/form-definition.ts';
import type { FormDefinition, FormScalar } from '../../src-shared/recipe/form-schema.ts';
import { checkBalance } from '../core/engine/equipment-checks.ts';
import { suggestContainer } from '../core/dispensary/container-choice.ts';
import { localDate } from '../core/engine/decide-context.ts';
import type { Station } from '../compose.ts';
import type { SimulatedBench } from './simulated-bench.ts';

export interface Credentials {
  username: string;
  password: string;
}

export type LineScript = 'overshoot-reweigh' | 'overshoot-deviation';

export interface RunOptions {
  batchNumber: string;
  boothId: string;
  operator: Credentials;
  supervisor: Credentials;
  bench: SimulatedBench;
  /** Lets a timer run: a fixed clock advances, the system clock sleeps. */
  wait(ms: number): Promise<void>;
  /** Faults to act out on the first weighing of a material line. */
  script?: Record<string, LineScript>;
  /** Stop after this many commands (crash tests); default: until the order is complete. */
  maxCommands?: number;
  /** Stop (successfully) as soon as the order's view satisfies this. */
  stopWhen?(view: OrderView): boolean;
  onCommand?(cmd: EngineCommandInput, view: OrderView): void;
  /** An operator session to continue in (else the operator logs in). */
  sessionId?: string;
  /** Start the order for campaign work in a shared booth (issue 17). */
  shareBooth?: boolean;
}

export interface RunSummary {
  commands: number;
  appended: number;
  view: OrderView;
}

type RunStation = Pick<Station, 'auth' | 'engine' | 'masterData' | 'clock'>;

export async function runOrder(station: RunStation, opts: RunOptions): Promise<Result<RunSummary>> {
  let session = opts.sessionId;
  if (session === undefined) {
    const login = station.auth.login(opts.operator.username, opts.operator.password);
    if (!login.ok) return login;
    session = login.value.sessionId;
  }
  const acted = new Set<string>();
  let commands = 0;
  let appended = 0;
  let tareLost = 0;
  for (;;) {
    const view = station.engine.view(opts.batchNumber);
    if (view.status === 'unknown') return err('ORDER_UNKNOWN', `no order ${opts.batchNumber}`);
    if (view.status === 'complete' || (opts.maxCommands !== undefined && commands >= opts.maxCommands) || opts.stopWhen?.(view)) return ok({ commands, appended, view });
    const next = nextCommand(station, view, opts, acted);
    if (!next.ok) return next;
    next.value.before?.();
    opts.onCommand?.(next.value.cmd, view);
    if (next.value.waitMs) await opts.wait(next.value.waitMs);
    const r = await station.engine.execute(session, opts.batchNumber, next.value.cmd);
    commands += 1;
    // An out-of-tolerance or out-of-limits result is recorded and reported: the next round re-weighs or deviates.
    // A balance that no longer holds the station's tare (FR-142: a key press, or a balance power-cycled
    // while the station was down) is recorded too, and the step needs a tare: the next round tares again.
    if (!r.ok && RECORDED_REJECTIONS.has(r.error.code)) {
      appended += 1;
      // A balance that loses the tare again and again is not re-tared for ever.
      if (r.error.code === 'BALANCE_TARE_CHANGED' && (tareLost += 1) > 3) return err(r.error.code, `${next.value.cmd.type} at ${view.current?.stepId ?? 'order'}: ${r.error.message}`, r.error.details);
      continue;
    }
    if (!r.ok) return err(r.error.code, `${next.value.cmd.type} at ${view.current?.stepId ?? 'order'}: ${r.error.message}`, r.error.details);
    appended += r.value.appended.length;
  }
}

const RECORDED_REJECTIONS = new Set(['NET_OUT_OF_TOLERANCE', 'PARAMETER_OUT_OF_LIMITS', 'BALANCE_TARE_CHANGED']);

interface Next {
  cmd: EngineCommandInput;
  before?: () => void;
  waitMs?: number;
}

function nextCommand(station: RunStation, view: OrderView, opts: RunOptions, acted: Set<string>): Result<Next> {
  if (view.status === 'planned') return ok({ cmd: { type: 'start-order', boothId: opts.boothId, ...(opts.shareBooth ? { shareBooth: true } : {}) } });
  const pendingDeviation = view.pendingSignatures.find((p) => p.entryType === 'deviation.raised');
  if (pendingDeviation) return ok({ cmd: sign('approved', opts.supervisor, pendingDeviation.targetSeq) });
  const cur = view.current;
  if (!cur) return view.canComplete ? ok({ cmd: { type: 'complete-order' } }) : err('ORDER_NOT_COMPLETE', 'nothing to do, yet the order cannot complete');
  const pending = view.pendingSignatures.find((p) => p.stepId === cur.stepId);
  if (pending && (cur.phase === 'need-signatures' || cur.phase === 'form-open')) {
    const meaning = pending.meanings.includes('performed') ? 'performed' : pending.meanings[0]!;
    if (cur.type === 'signature') return ok({ cmd: { type: 'sign-step', stepId: cur.stepId, ...creds(meaning === 'performed' ? opts.operator : opts.supervisor) } });
    return ok({ cmd: sign(meaning, meaning === 'performed' ? opts.operator : opts.supervisor, pending.targetSeq) });
  }
  // A form filled by more than one person (FR-105): the operator's part is recorded and signed; the rest is another person's.
  if (cur.phase === 'form-open') return err('STEP_OUT_OF_SEQUENCE', `form ${cur.stepId} waits for fields other roles fill: ${cur.form?.open.join(', ') ?? '?'}`, { stepId: cur.stepId, open: cur.form?.open ?? [] });
  const def = cur.definition;
  switch (def.type) {
    case 'instruction':
      return ok({ cmd: { type: 'acknowledge', stepId: cur.stepId } });
    case 'line-clearance':
    case 'equipment-check':
      return ok({ cmd: { type: 'checklist', stepId: cur.stepId, answers: def.checklist.map((i) => ({ itemId: i.itemId, confirmed: true })) } });
    case 'parameter':
      return ok({ cmd: { type: 'enter-parameter', stepId: cur.stepId, value: midpoint(def.parameter.min, def.parameter.max, def.parameter.decimals) } });
    case 'ipc':
      return ok({ cmd: { type: 'record-ipc', stepId: cur.stepId, value: midpoint(def.check.lower, def.check.upper, def.check.decimals) } });
    case 'timer':
      return ok(cur.phase === 'running' ? { cmd: { type: 'stop-timer', stepId: cur.stepId }, waitMs: def.durationSeconds * 1000 } : { cmd: { type: 'start-timer', stepId: cur.stepId } });
    case 'label':
      return ok({ cmd: { type: 'print-label', stepId: cur.stepId } });
    case 'signature':
      return ok({ cmd: { type: 'sign-step', stepId: cur.stepId, ...creds(def.meaning === 'performed' ? opts.operator : opts.supervisor) } });
    case 'scan-material':
      return scanNext(station, view, cur.stepId, def.lineId);
    case 'weigh':
      return weighNext(station, view, opts, def, acted);
    case 'kit':
    case 'charge':
      return kitNext(view, opts);
    case 'form':
      return ok({ cmd: { type: 'submit-form', stepId: cur.stepId, values: operatorValues(def.form) } });
  }
}

/**
 * Kit: scan each container not yet in the kit, stage at the booth, hand over. Charge: charge
 * each container not yet charged, then complete. (The receiver's co-signature is a pending
 * "witnessed" signature, signed by the supervisor above.)
 */
function kitNext(view: OrderView, opts: RunOptions): Result<Next> {
  const cur = view.current!;
  const kit = cur.kit;
  if (!kit) return err('STEP_OUT_OF_SEQUENCE', `step ${cur.stepId} shows no kit`);
  const open = kit.containers.find((c) => !c.done);
  const scan = (containerId: string) => ({ containerId, gtin: null, lotNumber: null, raw: containerId });
  if (cur.type === 'charge') {
    if (open) return ok({ cmd: { type: 'charge-container', stepId: cur.stepId, scan: scan(open.containerId), ...creds(opts.operator) } });
    return ok({ cmd: { type: 'complete-charge', stepId: cur.stepId } });
  }
  if (open && !kit.staged) return ok({ cmd: { type: 'kit-scan', stepId: cur.stepId, scan: scan(open.containerId) } });
  if (!kit.staged) return ok({ cmd: { type: 'stage-kit', stepId: cur.stepId, location: `STAGE-${opts.boothId}` } });
  return ok({ cmd: { type: 'hand-over-kit', stepId: cur.stepId, ...creds(opts.operator) } });
}

/** The form's example submission, without the fields only other roles than the operator's may fill. */
function operatorValues(form: FormDefinition): Record<string, FormScalar> {
  const values = witness(form);
  for (const [f, roles] of Object.entries(form.fieldRoles)) if (!roles.includes('operator')) delete values[f];
  return values;
}

function sign(meaning: string, who: Credentials, targetSeq: number): EngineCommandInput {
  return { type: 'sign', meaning: meaning as 'performed', targetSeq, ...creds(who) };
}

const creds = (who: Credentials) => ({ username: who.username, password: who.password });

function midpoint(lo: string | null, hi: string | null, decimals: number): string {
  const a = Number(lo ?? hi ?? '0');
  const b = Number(hi ?? lo ?? '0');
  return ((a + b) / 2).toFixed(decimals);
}

/** Of the containers the station suggests (FEFO, then FIFO), the one with the least left (finish opened containers first). */
function scanNext(station: RunStation, view: OrderView, stepId: string, lineId: string): Result<Next> {
  const state = station.engine.state(view.batchNumber);
  const line = state.plan!.lines.find((l) => l.lineId === lineId)!;
  const md = station.masterData.reader;
  const now = station.clock.now();
  const today = localDate(now, station.clock.tzOffset(now));
  const good = suggestContainer(md, line, today).equallyGood;
  const usable = md
    .list('container')
    .filter((c) => good.has(c.key))
    .map((c) => ({ c, lot: md.get('lot', c.data.lotId), left: md.containerLeft(c.key) }))
    .sort((a, b) => compareMass(a.left!, b.left!));
  const pick = usable[0];
  if (!pick) return err('CONTAINER_EMPTY', `no usable container of ${line.materialCode} left`);
  const gtin = pick.c.data.gtin ?? md.get('material', line.materialCode)?.data.gtins[0] ?? null;
  const raw = `${gtin ? `(01)${gtin}` : ''}(10)${pick.lot!.data.lotNumber}(21)${pick.c.key}`;
  return ok({ cmd: { type: 'scan-container', stepId, scan: { containerId: pick.c.key, gtin: gtin && gtin.length === 14 ? gtin : null, lotNumber: pick.lot!.data.lotNumber, raw }, acceptPartial: true } });
}

/** A vessel light enough to leave room on the pan: a tenth of capacity, at most 100 g. */
function vesselFor(capacity: Mass): Mass {
  const tenth = unwrap(roundToReadability(unwrap(scaleMass(convertMass(capacity, 'g'), '0.1')), { amount: '1', unit: 'g' }));
  return compareMass(tenth, { amount: '100', unit: 'g' }) > 0 ? { amount: '100', unit: 'g' } : tenth;
}

function weighNext(station: RunStation, view: OrderView, opts: RunOptions, def: Extract<RecipeStep, { type: 'weigh' }>, acted: Set<string>): Result<Next> {
  const cur = view.current!;
  const w = cur.weigh!;
  const md = station.masterData.reader;
  const bench = opts.bench;
  switch (cur.phase) {
    case 'need-container':
      return scanNext(station, view, cur.stepId, def.lineId);
    case 'need-balance': {
      const portion = w.container!.portionWindow;
      const container = md.get('container', w.container!.containerId)!.data;
      const balances = md.list('balance').filter((b) => b.data.boothId === null || b.data.boothId === view.boothId).sort((a, b) => compareMass(a.data.capacity, b.data.capacity));
      const gross = (cap: Mass) => (def.method === 'subtraction' ? addMass(convertMass(w.container!.left, 'g'), container.tare) : addMass(convertMass(portion.upper, 'g'), vesselFor(cap)));
      const fits = balances.find((b) => bench.has(b.key) && checkBalance(b, md.lastBalanceCheck(b.key), station.clock.now(), { net: portion.target, gross: gross(b.data.capacity) }).ok);
      if (fits) return ok({ cmd: { type: 'select-balance', stepId: cur.stepId, balanceId: fits.key } });
      const largest = balances.filter((b) => bench.has(b.key)).at(-1);
      if (!largest) return err('BALANCE_UNKNOWN', `no balance on the bench for booth ${view.boothId}`);
      return ok({ cmd: { type: 'select-balance', stepId: cur.stepId, balanceId: largest.key, partial: true } });
    }
    case 'need-tare': {
      const balanceId = w.balance!.balanceId;
      const container = md.get('container', w.container!.containerId)!.data;
      const load = def.method === 'subtraction' ? addMass(convertMass(w.container!.left, 'g'), container.tare) : vesselFor(w.balance!.capacity);
      return ok({ cmd: { type: 'tare', stepId: cur.stepId }, before: () => (bench.clear(balanceId), bench.place(balanceId, load)) });
    }
    case 'need-capture':
    case 'out-of-tolerance':
      return captureNext(station, view, opts, def, acted);
    default:
      return err('STEP_OUT_OF_SEQUENCE', `the runner cannot act in phase ${cur.phase}`);
  }
}

function captureNext(_station: RunStation, view: OrderView, opts: RunOptions, def: Extract<RecipeStep, { type: 'weigh' }>, acted: Set<string>): Result<Next> {
  const cur = view.current!;
  const w = cur.weigh!;
  const bench = opts.bench;
  const balanceId = w.balance!.balanceId;
  const d = bench.balance(balanceId).readability;
  const portion = w.container!.portionWindow;
  const put = (m: Mass) => (def.method === 'subtraction' ? bench.remove(balanceId, m) : bench.place(balanceId, m));
  const take = (m: Mass) => (def.method === 'subtraction' ? bench.place(balanceId, m) : bench.remove(balanceId, m));
  const script = opts.script?.[def.lineId];
  const target = unwrap(roundToReadability(convertMass(portion.target, d.unit), d));
  if (cur.phase === 'out-of-tolerance') {
    if (script === 'overshoot-deviation') {
      return ok({ cmd: { type: 'raise-deviation', category: 'out-of-tolerance', stepId: cur.stepId, reason: 'Over-dispensed by the operator; excess within the validated range of the blend (PV report), supervisor agrees to use as is' } });
    }
    const excess = subtractMass(convertMass(w.lastWeighing!.net, d.unit), target);
    return ok({ cmd: { type: 'capture', stepId: cur.stepId }, before: () => take(excess) });
  }
  const capacityRoom = subtractMass(convertMass(w.balance!.capacity, d.unit), convertMass(vesselFor(w.balance!.capacity), d.unit));
  const tooBig = def.method !== 'subtraction' && compareMass(target, capacityRoom) > 0;
  let amount = tooBig ? unwrap(roundToReadability(unwrap(scaleMass(capacityRoom, '0.9')), d)) : target;
  const key = `${def.lineId}#${w.portion}`;
  if (script && !acted.has(key) && !tooBig && !w.container!.partial) {
    acted.add(key);
    const over = subtractMass(convertMass(portion.upper, d.unit), target);
    amount = addMass(convertMass(portion.upper, d.unit), addMass(over, over));
    amount = unwrap(roundToReadability(amount, d));
  }
  const finalAmount = amount;
  return ok({ cmd: { type: 'capture', stepId: cur.stepId, partial: tooBig || w.container!.partial }, before: () => put(finalAmount) });
}
