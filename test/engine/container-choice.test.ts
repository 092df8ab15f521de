/**
 * Container choice (issue 17 item 2): the station suggests the qualifying container, first
 * expiry first (FEFO), then first received (FIFO), skipping quarantined, rejected, on-hold,
 * expired and past-retest lots and empty containers; another container needs a reason, which
 * the scan records and the batch record shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { suggestContainer } from '../../src-main/core/dispensary/container-choice.ts';
import { localDate } from '../../src-main/core/engine/decide-context.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, refusalsOf, runTo } from './engine-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());
const B = 'B-FEFO-1';

const today = () => localDate(d.clock.now(), d.station.clock.tzOffset(d.clock.now()));
const day = (days: number) => new Date(d.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
const lineOf = (code: string) => d.station.engine.state(B).plan!.lines.find((l) => l.materialCode === code)!;

function addMccLot(lotId: string, expiryDays: number, containers: { id: string; receivedAt?: string; kg?: string }[]): void {
  d.applyMasterData([
    { kind: 'lot', key: lotId, version: 1, data: { lotId, materialCode: 'EXC-MCC', lotNumber: lotId.replace(/^LOT-/, ''), qcStatus: 'released', expiryDate: day(expiryDays), retestDate: null, assayPercent: null, waterPercent: null } },
    ...containers.map((c) => ({
      kind: 'container' as const,
      key: c.id,
      version: 1,
      data: { containerId: c.id, lotId, materialCode: 'EXC-MCC', quantity: { amount: c.kg ?? '10.000', unit: 'kg' }, tare: { amount: '0.900', unit: 'kg' }, ...(c.receivedAt ? { receivedAt: c.receivedAt } : {}) },
    })),
  ]);
}

describe('container choice', () => {
  it('FR-19 suggests first expiry first, skipping quarantined, rejected, on-hold, expired and past-retest lots', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S11', 'need-container'));
    const s = suggestContainer(d.station.masterData.reader, lineOf('API-PARA'), today());
    // 0003 quarantine, 0004 rejected, 0005 on hold, 0006 expired, 0007 past retest: none qualifies.
    expect(s.ranked.map((r) => r.containerId)).toEqual(['C-PARA-0001', 'C-PARA-0002']);
    expect(s.suggested?.containerId).toBe('C-PARA-0001');
    // The two containers of one lot, received together, are equally good.
    expect([...s.equallyGood].sort()).toEqual(['C-PARA-0001', 'C-PARA-0002']);
    // An empty container never qualifies (C-MCC-0001 holds 0 kg).
    expect(suggestContainer(d.station.masterData.reader, lineOf('EXC-MCC'), today()).ranked.map((r) => r.containerId)).toEqual(['C-MCC-0002']);
  });

  it('FR-19 among lots of the same expiry, the container received first; an earlier expiry beats an earlier receipt', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S11', 'need-container'));
    addMccLot('LOT-MCC-2501', 300, [{ id: 'C-MCC-0011', receivedAt: '2026-01-10' }, { id: 'C-MCC-0012', receivedAt: '2026-01-05' }]);
    addMccLot('LOT-MCC-2502', 300, [{ id: 'C-MCC-0013', receivedAt: '2026-01-07' }]);
    const s = suggestContainer(d.station.masterData.reader, lineOf('EXC-MCC'), today());
    expect(s.ranked.map((r) => r.containerId)).toEqual(['C-MCC-0012', 'C-MCC-0013', 'C-MCC-0011', 'C-MCC-0002']);
    expect([...s.equallyGood]).toEqual(['C-MCC-0012']);
    addMccLot('LOT-MCC-2503', 200, [{ id: 'C-MCC-0014', receivedAt: '2026-02-01' }]);
    expect(suggestContainer(d.station.masterData.reader, lineOf('EXC-MCC'), today()).suggested?.containerId).toBe('C-MCC-0014');
  });

  it('FR-19 another container than the suggested one is refused without a reason, and recorded with one', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S20', 'need-container'));
    addMccLot('LOT-MCC-2501', 300, [{ id: 'C-MCC-0011', receivedAt: '2026-01-10' }]);
    const s = d.login('op.li');
    const refused = await exec(d, s, B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0002' } });
    expectRefused(refused, 'CONTAINER_NOT_SUGGESTED');
    expect(!refused.ok && refused.error.details).toMatchObject({ containerId: 'C-MCC-0002', suggested: 'C-MCC-0011', suggestedLot: 'LOT-MCC-2501' });
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'scan-container', code: 'CONTAINER_NOT_SUGGESTED', stepId: 'S20' });
    // A reason too short to say anything is refused as invalid input.
    expectRefused(await exec(d, s, B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0002' }, choiceReason: 'no' }), 'INPUT_INVALID');
    const taken = await exec(d, s, B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0002' }, choiceReason: 'C-MCC-0011 is still sealed for QC sampling' });
    expect(taken.ok).toBe(true);
    const scan = d.station.ledger.query({ batchRef: B, types: ['dispense.container_scanned'] }).at(-1)!;
    expect(scan.payload.containerChoice).toEqual({ suggested: 'C-MCC-0011', followed: false, reason: 'C-MCC-0011 is still sealed for QC sampling' });
    const line = describeEntry(scan.type, scan.payload);
    expect(renderRecordLine(line, 'en')).toContain('NOT THE SUGGESTED CONTAINER (first expiry, first in: C-MCC-0011): C-MCC-0011 is still sealed for QC sampling');
    expect(renderRecordLine(line, 'zh-CN')).toContain('未使用建议的容器（先到期先出、先进先出：C-MCC-0011）');
  });

  it('FR-19 the suggested container (or one equally good) is recorded as followed', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S11', 'need-container'));
    const s = d.login('op.li');
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    const scan = d.station.ledger.query({ batchRef: B, types: ['dispense.container_scanned'] }).at(-1)!;
    expect(scan.payload.containerChoice).toEqual({ suggested: 'C-PARA-0001', followed: true, reason: null });
    expect(renderRecordLine(describeEntry(scan.type, scan.payload), 'en')).not.toContain('NOT THE SUGGESTED');
  });
});
