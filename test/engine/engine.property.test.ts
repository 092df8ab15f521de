/**
 * Property (issue 4 tests; COMPLIANCE P11-08): random sequences of operator, supervisor and
 * bystander actions — scans of good, short, quarantined, expired, past-retest and wrong
 * containers, balance choices, tares, material put on or taken off, unstable balances,
 * captures, signatures by the right and the wrong people with right and wrong passwords,
 * deviations — never lead the engine to accept an out-of-tolerance, unstable, wrong-lot or
 * unsigned step. The oracle reads the raw ledger entries, not the engine's state: whatever the
 * engine counts or completes must be justified by entries a reviewer could check by hand.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import fc from 'fast-check';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { addMass, compareMass, convertMass, scaleMass, subtractMass, type Mass } from '../../src-shared/mass.ts';
import { checkTolerance, type ToleranceWindow } from '../../src-shared/recipe/tolerance-window.ts';
import { timesFraction } from '../../src-shared/recipe/quantity-math.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { replayOrder } from '../../src-core/order/evolve-order.ts';
import { missingSignatures } from '../../src-core/order/order-state.ts';
import { localDate } from '../../src-main/core/engine/decide-context.ts';
import { benchFromMasterData, performDailyChecks } from '../../src-main/dispensing/bench-setup.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import { makeDispensingStation, DEMO_PASSWORD, type DispensingStation } from '../fakes/dispensing-station.ts';
import { LOOP_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';

/**
 * 125 runs (was 250; BATCHLINE_PROPERTY_RUNS and BATCHLINE_PROPERTY_SEED explore further). Bugs
 * seeded into the engine, one at a time, were each caught by this seed within its first 6 runs:
 * an out-of-tolerance weighing accepted (run 4), a quarantined lot accepted (1), an expired lot
 * accepted (1), a step completed with a signature missing (2), a signature by a role the policy
 * does not allow (6). Three more survived 250 runs as well, so more runs do not reach them:
 * capture's own unstable check (the balance port's readStable refuses first), the under-lock
 * same-signer check (refused before the lock too) and the container check's material match.
 */
const RUNS = Number(process.env.BATCHLINE_PROPERTY_RUNS ?? 125);
const g = (amount: string): Mass => ({ amount, unit: 'g' });
const sig = { performed: true, verified: false };

const RECIPE: Recipe = {
  recipeCode: 'PROP-1',
  version: 1,
  status: 'effective',
  name: 'Property test formula',
  product: { code: 'FG-PROP', name: 'Property product' },
  baseBatchSize: { amount: '1.000', unit: 'kg' },
  materialLines: [
    { lineId: 'L1', materialCode: 'API-PARA', quantity: g('100.00'), tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: null },
    { lineId: 'L2', materialCode: 'EXC-MCC', quantity: g('50.00'), tolerance: { type: 'percent', minus: '2', plus: '2' }, compensatesFor: null },
    { lineId: 'L3', materialCode: 'EXC-CROS', quantity: g('30.00'), tolerance: { type: 'absolute', minus: g('0.50'), plus: g('0.30') }, compensatesFor: null },
  ],
  unitProcedures: [
    {
      unitProcedureId: 'U1',
      name: 'Dispense',
      operations: [
        {
          operationId: 'O1',
          name: 'Dispense',
          steps: [
            { stepId: 'W1', type: 'weigh', name: 'API', instruction: 'Dispense the API.', signatures: { performed: true, verified: true }, lineId: 'L1', method: 'net' },
            { stepId: 'W2', type: 'weigh', name: 'MCC', instruction: 'Dispense MCC (gross).', signatures: sig, lineId: 'L2', method: 'gross' },
            { stepId: 'W3', type: 'weigh', name: 'Croscarmellose', instruction: 'By subtraction.', signatures: sig, lineId: 'L3', method: 'subtraction' },
            { stepId: 'SG', type: 'signature', name: 'Release', instruction: 'Supervisor checks the kit.', signatures: { performed: false, verified: false }, meaning: 'verified', statement: 'Kit complete.' },
          ],
        },
      ],
    },
  ],
};

const CONTAINERS = ['P-API-1', 'P-API-SHORT', 'C-PARA-0003', 'C-PARA-0006', 'C-PARA-0007', 'P-MCC-1', 'C-MCC-0001', 'P-CROS-1'];
const BALANCES = ['PB-A', 'PB-P', 'BAL-P02'];
const PEOPLE = ['op.li', 'op.li', 'op.li', 'sup.wang', 'op.smith', 'qa.chen'];
const FACTORS = ['0.5', '0.97', '0.995', '1', '1', '1', '1.004', '1.02', '1.2'];

type Action =
  | { kind: 'scan'; container: number; acceptPartial: boolean; who: number }
  | { kind: 'balance'; balance: number; partial: boolean; who: number }
  | { kind: 'tare'; who: number }
  | { kind: 'put'; factor: number }
  | { kind: 'unstable'; on: boolean }
  | { kind: 'capture'; partial: boolean; who: number }
  | { kind: 'sign'; meaning: 'performed' | 'verified' | 'approved'; signer: number; goodPassword: boolean }
  | { kind: 'sign-step'; signer: number }
  | { kind: 'deviation'; good: boolean; who: number }
  /** What a diligent operator would do next (the headless runner's choice): gets orders moving. */
  | { kind: 'guided' };

const who = fc.nat({ max: PEOPLE.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('scan' as const), container: fc.nat({ max: CONTAINERS.length - 1 }), acceptPartial: fc.boolean(), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('balance' as const), balance: fc.nat({ max: BALANCES.length - 1 }), partial: fc.boolean(), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tare' as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put' as const), factor: fc.nat({ max: FACTORS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unstable' as const), on: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('capture' as const), partial: fc.boolean(), who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sign' as const), meaning: fc.constantFrom('performed' as const, 'verified' as const, 'approved' as const), signer: who, goodPassword: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sign-step' as const), signer: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deviation' as const), good: fc.boolean(), who }) },
  { weight: 24, arbitrary: fc.constant({ kind: 'guided' as const }) },
);

let d: DispensingStation;
const sessions = new Map<string, string>();
let run = 0;

/**
 * The people's password hashes and wrapped signing keys at LOOP_SCRYPT_PARAMS (N=16) instead of
 * the tests' usual 1024: a run signs dozens of times, every signature derives scrypt twice
 * (password check, key unwrap), and that was ~14% of this file's CPU (25.0 s -> 21.6 s). The
 * checks are the same code at any cost: a wrong password still fails and counts toward lockout.
 * With the same seed both costs give the same 250 runs, 542 completed steps, 77 completed orders.
 */
beforeAll(async () => {
  d = await makeDispensingStation({ inMemoryFs: true, scrypt: LOOP_SCRYPT_PARAMS });
  const container = (containerId: string, lotId: string, materialCode: string, kg: string) => ({ kind: 'container' as const, key: containerId, version: 1, data: { containerId, lotId, materialCode, quantity: { amount: kg, unit: 'kg' }, tare: { amount: '0.500', unit: 'kg' } } });
  const balance = (balanceId: string, capacity: Mass, readability: Mass, s: Mass, nominal: Mass, acceptance: Mass) => ({
    kind: 'balance' as const,
    key: balanceId,
    version: 1,
    data: { balanceId, name: balanceId, model: 'SIM', serialNumber: `SN-${balanceId}`, capacity, readability, calibration: { certificateId: `CAL-${balanceId}`, dueAt: '2027-01-01T00:00:00.000Z' }, repeatability: { standardDeviation: s, determinedAt: '2026-01-01T00:00:00.000Z' }, minimumWeightSafetyFactor: null, checkPlan: { id: `DC-${balanceId}`, points: [{ testWeight: 'W', nominal, acceptance }], validForHours: 24 }, boothId: null },
  });
  d.applyMasterData([
    { kind: 'recipe', key: 'PROP-1@1', version: 1, data: RECIPE as unknown as Record<string, unknown> },
    container('P-API-1', 'LOT-PARA-2401', 'API-PARA', '500.000'),
    container('P-API-SHORT', 'LOT-PARA-2401', 'API-PARA', '0.060'),
    container('P-MCC-1', 'LOT-MCC-2405', 'EXC-MCC', '500.000'),
    container('P-CROS-1', 'LOT-CROS-2403', 'EXC-CROS', '3.000'),
    balance('PB-A', g('220.0000'), g('0.0001'), g('0.00004'), g('200.0000'), g('0.0010')),
    balance('PB-P', g('6100.00'), g('0.01'), g('0.008'), g('5000.00'), g('0.30')),
    ...['op.li', 'sup.wang'].map((u) => ({ kind: 'training' as const, key: `${u}/PROP-1`, version: 1, data: { username: u, recipeCode: 'PROP-1', trainedOn: '2026-01-01', validUntil: '2027-01-01' } })),
  ]);
  benchFromMasterData(d.bench, d.station);
  for (const u of new Set(PEOPLE)) sessions.set(u, d.login(u));
  unwrap(await performDailyChecks(d.station, sessions.get('op.li')!, d.bench, ['PB-A', 'PB-P']));
}, 120_000);
afterAll(() => d?.close());

/**
 * Wrong passwords in earlier runs count toward lockout (11.300(d)); each run starts with
 * everyone unlocked and logged in, as after an administrator's unlock and a new shift.
 */
function freshPeople(): void {
  const admin = d.station.users.byUsername('admin')!.userId;
  for (const u of new Set(PEOPLE)) {
    const user = d.station.users.byUsername(u)!;
    const alive = d.station.auth.require(sessions.get(u) ?? '').ok;
    if (alive && user.failedAttempts === 0) continue;
    if (user.status === 'locked') unwrap(d.station.userAdmin.unlock(admin, user.userId, 'property test: next run'));
    sessions.set(u, d.login(u));
  }
}

/** Acts out one random action against the current order (errors are expected and ignored). */
async function act(batch: string, a: Action, pan: { balance: string | null }): Promise<void> {
  const v = d.station.engine.view(batch);
  const cur = v.current;
  const stepId = cur?.stepId ?? 'W1';
  const exec = (person: string, cmd: EngineCommandInput) => d.station.engine.execute(sessions.get(person)!, batch, cmd);
  switch (a.kind) {
    case 'scan':
      await exec(PEOPLE[a.who]!, { type: 'scan-container', stepId, scan: { containerId: CONTAINERS[a.container]! }, acceptPartial: a.acceptPartial });
      return;
    case 'balance': {
      const r = await exec(PEOPLE[a.who]!, { type: 'select-balance', stepId, balanceId: BALANCES[a.balance]!, partial: a.partial });
      if (r.ok) pan.balance = BALANCES[a.balance]!;
      return;
    }
    case 'tare': {
      const id = cur?.weigh?.balance?.balanceId;
      if (id) {
        d.bench.clear(id);
        const method = cur.weigh!.method;
        const left = cur.weigh!.container?.left ?? g('100');
        d.bench.place(id, method === 'subtraction' ? addMass(convertMass(left, 'g'), g('500')) : g('20'));
      }
      await exec(PEOPLE[a.who]!, { type: 'tare', stepId });
      return;
    }
    case 'put': {
      const w = cur?.weigh;
      if (!w?.balance || !w.container) return;
      const amount = unwrap(scaleMass(convertMass(w.container.portionWindow.target, 'g'), FACTORS[a.factor]!));
      const rounded: Mass = { amount: Number(amount.amount).toFixed(2), unit: 'g' };
      if (w.method === 'subtraction') d.bench.remove(w.balance.balanceId, rounded);
      else d.bench.place(w.balance.balanceId, rounded);
      return;
    }
    case 'unstable':
      for (const id of ['PB-A', 'PB-P']) d.bench.balance(id).unstable = a.on;
      return;
    case 'capture':
      await exec(PEOPLE[a.who]!, { type: 'capture', stepId, partial: a.partial });
      return;
    case 'sign': {
      const signer = PEOPLE[a.signer]!;
      await exec('op.li', { type: 'sign', meaning: a.meaning, username: signer, password: a.goodPassword ? DEMO_PASSWORD : 'Wrong-password-9' });
      return;
    }
    case 'sign-step':
      await exec('op.li', { type: 'sign-step', stepId, username: PEOPLE[a.signer]!, password: DEMO_PASSWORD });
      return;
    case 'deviation':
      await exec(PEOPLE[a.who]!, { type: 'raise-deviation', category: 'out-of-tolerance', reason: a.good ? 'Operator slipped; supervisor judged the excess harmless' : 'short' });
      return;
    case 'guided':
      await runOrder(d.station, {
        batchNumber: batch,
        boothId: v.boothId ?? 'BOOTH-1',
        operator: { username: 'op.li', password: DEMO_PASSWORD },
        supervisor: { username: 'sup.wang', password: DEMO_PASSWORD },
        bench: d.bench,
        wait: async (ms) => d.clock.advance(ms),
        maxCommands: 1,
        sessionId: sessions.get('op.li')!,
      });
      return;
  }
}

type P = Record<string, any>; // the oracle reads raw payloads as a reviewer would

/** What a reviewer can check from the raw entries alone. */
function oracle(batch: string, entries: LedgerEntry[]): void {
  const md = d.station.masterData.reader;
  const now = d.clock.now();
  const today = localDate(now, d.clock.tzOffset(now));
  const roles = (id: string) => d.station.users.byId(id)!.roles;
  // second-person roles per the signature policy (core/signatures/signature-policy.ts)
  const checker = (id: string) => roles(id).some((r) => r === 'supervisor' || r === 'qa');
  const sigsOn = (seq: number) => entries.filter((e) => e.type === 'signature.applied' && (e.payload as P).targetSeq === seq).map((e) => e.payload as P);
  const before = (e: LedgerEntry, type: string, stepIndex: number) => entries.filter((x) => x.type === type && x.seq < e.seq && (x.payload as P).stepIndex === stepIndex).at(-1);
  const approvedDeviationFor = (seq: number) =>
    entries.some((e) => e.type === 'deviation.raised' && (e.payload as P).targetSeq === seq && sigsOn(e.seq).some((s) => s.meaning === 'approved' && s.signerId !== e.actor && checker(s.signerId)));

  for (const e of entries.filter((x) => x.type === 'dispense.weighed')) {
    const p = e.payload as P;
    // never an unstable reading
    expect(p.reading.stable).toBe(true);
    // the container was verified in this step: right material, released, in date
    const scan = before(e, 'dispense.container_scanned', p.stepIndex)!;
    expect((scan.payload as P).container.containerId).toBe(p.containerId);
    const lot = md.get('lot', (scan.payload as P).lot.lotId)!.data;
    const line = RECIPE.materialLines.find((l) => l.lineId === p.lineId)!;
    expect(lot.materialCode).toBe(line.materialCode);
    expect(lot.qcStatus).toBe('released');
    expect(today <= lot.expiryDate).toBe(true);
    expect(lot.retestDate === null || today <= lot.retestDate).toBe(true);
    // the net is what the readings say
    const tare = before(e, 'dispense.tared', p.stepIndex);
    const reading: Mass = p.reading.mass;
    const expectedNet = p.method === 'net' ? reading : p.method === 'gross' ? subtractMass(reading, (tare!.payload as P).reading.mass) : subtractMass((tare!.payload as P).reading.mass, reading);
    expect(compareMass(p.net, expectedNet)).toBe(0);
    const fraction = (scan.payload as P).potencyFraction as string | null;
    expect(compareMass(p.contribution, fraction ? timesFraction(p.net, fraction) : p.net)).toBe(0);
    // the verdict is the window's, and only "accepted" is within it
    const verdict = checkTolerance(p.cumulative, p.lineWindow as ToleranceWindow);
    expect(p.verdict).toBe(verdict);
    if (p.outcome === 'accepted') expect(verdict).toBe('within');
    if (p.outcome === 'partial') expect(verdict).toBe('below');
  }

  const state = replayOrder(batch, entries);
  for (const step of state.steps) {
    const pr = step.progress;
    if (pr.kind === 'weigh') {
      let total: Mass = { amount: '0', unit: pr.lineWindow.target.unit };
      for (const c of pr.counted) {
        const w = entries.find((x) => x.seq === c.seq)!;
        const outcome = (w.payload as P).outcome;
        // an out-of-tolerance weighing counts only through an approved deviation by another supervisor
        if (outcome === 'out-of-tolerance') expect(approvedDeviationFor(c.seq)).toBe(true);
        total = addMass(total, c.contribution);
      }
      if (step.status === 'done') {
        const last = entries.find((x) => x.seq === pr.counted.at(-1)!.seq)!;
        if ((last.payload as P).outcome !== 'out-of-tolerance') expect(checkTolerance(total, pr.lineWindow)).toBe('within');
        for (const c of pr.counted) {
          const w = entries.find((x) => x.seq === c.seq)!;
          const s = sigsOn(c.seq);
          expect(s.some((x) => x.meaning === 'performed' && x.signerId === w.actor)).toBe(true);
          if (step.planned.step.signatures.verified) expect(s.some((x) => x.meaning === 'verified' && x.signerId !== w.actor && checker(x.signerId))).toBe(true);
        }
      }
    } else if (step.status === 'done') {
      const record = state.records.get(pr.recordSeq!)!;
      expect(missingSignatures(record)).toEqual([]);
      const s = sigsOn(record.seq);
      expect(s.some((x) => x.meaning === 'verified' && x.signerId !== record.actor && checker(x.signerId))).toBe(true);
    }
  }
  // steps complete strictly in order
  const done = state.steps.map((s) => s.status === 'done');
  expect(done.indexOf(false) === -1 || done.slice(done.indexOf(false)).every((x) => !x)).toBe(true);
}

test('P11-08 random operator actions never get an out-of-tolerance, unstable, wrong-lot or unsigned step accepted', async () => {
  let completedSteps = 0;
  let completedOrders = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 120, size: 'max' }), async (actions) => {
      run += 1;
      const batch = `PROP-${run}`;
      const booth = `PB-BOOTH-${run}`;
      const at = d.clock.now().toISOString();
      d.applyMasterData([{ kind: 'booth', key: booth, version: 1, data: { boothId: booth, name: booth, room: 'R', cleaning: { status: 'clean', cleanedAt: at, validUntil: null }, lineClearance: { status: 'cleared', clearedAt: at, clearedBy: 'sup.wang' } } }]);
      unwrap(d.station.orderIntake.importOrders([{ batchNumber: batch, productCode: 'FG-PROP', recipeCode: 'PROP-1', recipeVersion: 1, batchSize: { amount: '1.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null));
      freshPeople();
      unwrap(await d.station.engine.execute(sessions.get('op.li')!, batch, { type: 'start-order', boothId: booth }));
      for (const id of ['PB-A', 'PB-P']) (d.bench.clear(id), (d.bench.balance(id).unstable = false));
      const pan = { balance: null as string | null };
      for (const a of actions) await act(batch, a, pan);
      const entries = d.station.ledger.query({ batchRef: batch });
      oracle(batch, entries);
      const final = replayOrder(batch, entries);
      completedSteps += final.steps.filter((s) => s.status === 'done').length;
      if (final.stepIndex === final.steps.length) completedOrders += 1;
    }),
    { numRuns: RUNS, seed: Number(process.env.BATCHLINE_PROPERTY_SEED ?? 20261130) },
  );
  // the generator must reach real progress, or the property would hold vacuously
  expect(completedSteps).toBeGreaterThan(RUNS);
  expect(completedOrders).toBeGreaterThan(0);
}, 120_000);
