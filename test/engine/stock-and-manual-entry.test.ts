/**
 * Short containers, recorded stock and typed container ids (issue 18 items 11 and 12):
 *  - a short container is refused unless the command says partial (the operator's choice,
 *    recorded as `partial` on the scan);
 *  - a weighing beyond the recorded stock is never clamped: it is recorded with the stock going
 *    negative and a `dispense.stock_discrepancy` entry; it counts only if a supervisor accepts
 *    it with a co-signature, and a rejection voids it;
 *  - a container id typed instead of scanned needs a supervisor's co-signature, is recorded as
 *    a manual entry with its reason, and counts only once verified (DI-16);
 *  - the operator can re-scan in every phase where the engine takes a scan.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { summarize } from '../../src-core/record/event-summary.ts';
import { SCAN_PHASES } from '../../src-shared/orders/engine-command.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, runTo, signAs, SUPERVISOR, view, weighPortion } from './engine-test-kit.ts';

const B = 'B-STOCK-1';
let d: DispensingStation;
afterEach(() => d?.close());

const left = (containerId: string) => d.station.masterData.reader.containerLeft(containerId);
const entriesOf = (type: string) => d.station.ledger.query({ batchRef: B, types: [type] });

async function atScan(): Promise<string> {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  return d.login('op.li');
}

/** C-PARA-0001 holds 0.600 kg on record; 700 g are taken from it as a declared partial portion. */
async function overdrawn(): Promise<{ s: string; seq: number }> {
  const s = await atScan();
  const r = await weighPortion(d, s, B, 'S11', { containerId: 'C-PARA-0001', balanceId: 'BAL-P01', grams: '700.00', acceptPartial: true });
  expectRefused(r, 'STOCK_DISCREPANCY');
  return { s, seq: r.ok ? 0 : (r.error.details?.recordedSeq as number) };
}

const resolve = (decision: 'accepted' | 'rejected', who = SUPERVISOR) => ({
  type: 'resolve-stock-discrepancy' as const,
  stepId: 'S11',
  decision,
  reason: 'drum held more than the hub recorded; checked by weighing the empty drum',
  ...who,
});

describe('recorded stock is never clamped (issue 18 item 11)', () => {
  test('a weighing beyond the recorded stock is recorded as a discrepancy, uncounted, stock not clamped to zero', async () => {
    await overdrawn();
    const weighed = entriesOf('dispense.weighed').at(-1)!.payload;
    expect(weighed).toMatchObject({ containerLeftAfter: { amount: '-0.10000', unit: 'kg' }, stockShortfall: { amount: '0.10000', unit: 'kg' } });
    expect(entriesOf('dispense.stock_discrepancy').at(-1)!.payload).toMatchObject({ containerId: 'C-PARA-0001', recordedLeft: { amount: '0.600', unit: 'kg' }, withdrawn: { amount: '700.00', unit: 'g' } });
    expect(left('C-PARA-0001')).toEqual({ amount: '-0.10000', unit: 'kg' });
    expect(view(d, B).current).toMatchObject({ phase: 'stock-discrepancy', weigh: { portionsCounted: 0, stockDiscrepancy: { containerId: 'C-PARA-0001', awaiting: null } } });
    // The batch record says so in words, on the weighing and on its own line.
    expect(summarize(entriesOf('dispense.weighed').at(-1)!)).toContain("MORE THAN THE CONTAINER'S RECORDED STOCK");
    expect(summarize(entriesOf('dispense.stock_discrepancy').at(-1)!)).toMatch(/^Stock discrepancy: 700\.00 g taken from C-PARA-0001, which held 0\.600 kg on record/);
    // Nothing moves on while it waits: no signature, no capture, no re-scan.
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, signAs('performed', OPERATOR)), 'SIGNATURE_NOT_EXPECTED');
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11' }), 'STEP_OUT_OF_SEQUENCE');
  });

  test('a supervisor accepts it with a co-signature: the weighing counts, the container is recorded empty', async () => {
    const { s } = await overdrawn();
    // The operator cannot decide alone.
    expectRefused(await exec(d, s, B, resolve('accepted', OPERATOR)), 'SIGNATURE_ROLE_REQUIRED');
    expect(view(d, B).current?.phase).toBe('stock-discrepancy');
    expect((await exec(d, s, B, resolve('accepted'))).ok).toBe(true);
    expect(left('C-PARA-0001')).toEqual({ amount: '0', unit: 'kg' });
    expect(view(d, B).current).toMatchObject({ phase: 'need-signatures', weigh: { portionsCounted: 1, stockDiscrepancy: null } });
    const resolution = entriesOf('dispense.stock_discrepancy_resolved').at(-1)!;
    const signature = d.station.ledger.query({ types: ['signature.applied'] }).at(-1)!;
    expect(signature.payload).toMatchObject({ targetSeq: resolution.seq, meaning: 'approved', username: 'sup.wang' });
  });

  test('a rejected one does not count; the stock stays as recorded before it; the portion starts again', async () => {
    const { s } = await overdrawn();
    expect((await exec(d, s, B, resolve('rejected'))).ok).toBe(true);
    expect(left('C-PARA-0001')).toEqual({ amount: '0.600', unit: 'kg' });
    expect(view(d, B).current).toMatchObject({ phase: 'need-container', weigh: { portionsCounted: 0 } });
  });

  test('a decision whose co-signature failed takes no effect and can be signed afterwards', async () => {
    const { s } = await overdrawn();
    expectRefused(await exec(d, s, B, resolve('accepted', { username: 'sup.wang', password: 'wrong-password-1' })), 'SIGNATURE_PASSWORD_INVALID');
    expect(left('C-PARA-0001')).toEqual({ amount: '-0.10000', unit: 'kg' });
    expect(view(d, B).current).toMatchObject({ phase: 'stock-discrepancy', weigh: { stockDiscrepancy: { awaiting: 'accepted' } } });
    expect(view(d, B).pendingSignatures).toEqual([expect.objectContaining({ entryType: 'dispense.stock_discrepancy_resolved', meanings: ['approved'] })]);
    expect((await exec(d, s, B, signAs('approved', SUPERVISOR))).ok).toBe(true);
    expect(view(d, B).current?.weigh?.portionsCounted).toBe(1);
  });
});

describe('partial portions are the operator\'s explicit choice (issue 18 item 11)', () => {
  test('a short container is refused unless the command says partial, and the choice is recorded', async () => {
    const s = await atScan();
    expectRefused(await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0001' } }), 'CONTAINER_SHORT');
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0001' }, acceptPartial: true })).ok).toBe(true);
    expect(entriesOf('dispense.container_scanned').at(-1)!.payload).toMatchObject({ partial: true });
  });
});

describe('typed container ids need a supervisor (issue 18 item 12)', () => {
  const typed = (who: { username: string; password: string }, containerId = 'C-PARA-0002') => ({
    type: 'scan-container' as const,
    stepId: 'S11',
    scan: { containerId, raw: containerId },
    manualEntry: { reason: 'label smudged, scanner cannot read it', ...who },
  });

  test('DI-16 a typed container id is recorded as a manual entry and counts once the supervisor verified it', async () => {
    const s = await atScan();
    expect((await exec(d, s, B, typed(SUPERVISOR))).ok).toBe(true);
    const scanned = entriesOf('dispense.container_scanned').at(-1)!;
    expect(scanned.payload).toMatchObject({ manualEntry: { reason: 'label smudged, scanner cannot read it' } });
    expect(summarize(scanned)).toContain('TYPED BY HAND, verified by a supervisor: label smudged');
    const signature = d.station.ledger.query({ types: ['signature.applied'] }).at(-1)!;
    expect(signature.payload).toMatchObject({ targetSeq: scanned.seq, meaning: 'verified', username: 'sup.wang' });
    expect(view(d, B).current).toMatchObject({ phase: 'need-balance', weigh: { container: { containerId: 'C-PARA-0002' }, manualScanPending: null } });
  });

  test('DI-16 without a valid supervisor co-signature the typed container is not used', async () => {
    const s = await atScan();
    // The operator cannot verify their own typing; nor can another operator.
    expectRefused(await exec(d, s, B, typed(OPERATOR)), 'SIGNATURE_ROLE_REQUIRED');
    expectRefused(await exec(d, s, B, typed({ username: 'op.smith', password: 'Batchline-demo-1' })), 'SIGNATURE_ROLE_REQUIRED');
    expectRefused(await exec(d, s, B, typed({ username: 'sup.wang', password: 'wrong-password-1' })), 'SIGNATURE_PASSWORD_INVALID');
    expect(view(d, B).current).toMatchObject({ phase: 'need-container', weigh: { container: null, manualScanPending: 'C-PARA-0002' } });
    expectRefused(await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-P01' }), 'STEP_OUT_OF_SEQUENCE');
    // A real scan still works, and replaces the typed one.
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    expect(view(d, B).current).toMatchObject({ phase: 'need-balance', weigh: { manualScanPending: null } });
  });

  test('a typed id is checked like a scanned one', async () => {
    const s = await atScan();
    expectRefused(await exec(d, s, B, typed(SUPERVISOR, 'C-PARA-0003')), 'LOT_NOT_RELEASED');
  });
});

describe('re-scan (issue 18 item 12)', () => {
  test('the view offers scan-container in exactly the phases where the engine takes a scan', async () => {
    const s = await atScan();
    const offered = () => view(d, B).current!.allowed.includes('scan-container');
    const phases: string[] = [];
    expect(offered()).toBe(true);
    phases.push(view(d, B).current!.phase);
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    phases.push(view(d, B).current!.phase);
    expect(offered()).toBe(true);
    // Re-scan at need-balance: another container replaces the first.
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    expect((await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-P01' })).ok).toBe(true);
    phases.push(view(d, B).current!.phase);
    expect(offered()).toBe(true);
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    expect(view(d, B).current!.phase).toBe('need-balance');
    expect(phases).toEqual(['need-container', 'need-balance', 'need-tare']);
    expect(SCAN_PHASES).toEqual(['need-container', 'need-balance', 'need-tare', 'out-of-tolerance']);
  });
});
