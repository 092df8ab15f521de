import { describe, expect, it } from 'vitest';
import { findExceptions, type CertificateFacts, type ReviewEntry } from './batch-exceptions.ts';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const kg = (amount: string) => ({ amount, unit: 'kg' });
const line = (lineId: string) => ({ lineId, materialCode: `M-${lineId}`, materialName: lineId, nominal: kg('10'), tolerance: { type: 'percent', minus: '1', plus: '1' }, potency: { corrected: false }, compensatesFor: null, handlingNotes: [], safetyNotes: [] });
const weighStep = (index: number, stepId: string, lineId: string) => ({
  index,
  unitProcedureId: 'UP',
  operationId: 'OP',
  step: { stepId, name: stepId, instruction: 'weigh', signatures: { performed: true, verified: false }, type: 'weigh', lineId, method: 'net' },
});

function record(specs: { type: string; payload: Record<string, unknown>; lagHours?: number }[]): ReviewEntry[] {
  return specs.map((s, i) => ({
    seq: i + 1,
    stationId: 'ST-1',
    time: new Date(T0 + i * 60_000).toISOString(),
    tzOffset: '+08:00',
    type: s.type,
    actor: 'user-op',
    batchRef: 'B-1',
    payload: s.payload,
    prevHash: '0'.repeat(64),
    hash: String(i + 1).padStart(64, '0'),
    receivedAt: new Date(T0 + i * 60_000 + (s.lagHours ?? 0) * 3_600_000),
  }));
}

const started = (pre: Record<string, unknown>) => ({
  type: 'order.started',
  payload: {
    boothId: 'BOOTH-1',
    plan: { lines: [line('L1'), line('L2')], steps: [weighStep(0, 'W1', 'L1'), weighStep(1, 'W2', 'L2')] },
    prechecks: { masterDataServedAt: null, masterDataAgeMinutes: 5, maxAgeMinutes: 240, staleOverrideSeq: null, ...pre },
  },
});

describe('findExceptions', () => {
  const now = new Date(T0 + 3_600_000);

  it('an out-of-tolerance weighing of a potency-corrected line is named against the limits it was held to, at the readability (issue 18)', () => {
    const g = (amount: string) => ({ amount, unit: 'g' });
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      {
        type: 'dispense.weighed',
        payload: {
          stepId: 'W1', stepIndex: 0, lineId: 'L1', portion: 1, method: 'net', containerId: 'C-1', lotId: 'LOT-1', balanceId: 'BAL-P01',
          net: g('1010.15'), contribution: g('994.99775'), cumulative: kg('0.99499775'),
          lineWindow: { target: kg('1.000'), lower: kg('0.995'), upper: kg('1.005') },
          acceptanceWindow: { target: g('1015.23'), lower: g('1010.16'), upper: g('1020.30'), readability: g('0.01') },
          potencyFraction: '0.985', verdict: 'below', outcome: 'out-of-tolerance', declaredPartial: false,
        },
      },
    ]);
    const oot = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now).exceptions.find((e) => e.kind === 'out-of-tolerance')!;
    expect(oot.params).toMatchObject({ net: '1010.15 g', lower: '1010.16 g', upper: '1020.30 g' });
    expect(oot.message).toBe('line L1 weighed 1010.15 g, outside 1010.16 g – 1020.30 g; line total 0.99499 kg of 0.995 kg – 1.005 kg');
  });

  it('A11-22 flags an entry dated before the one recorded before it (clock set back), beside its receive time', () => {
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      { type: 'engine.command_refused', payload: { command: 'scan-container', stepId: 'W1', code: 'LOT_NOT_RELEASED', message: 'quarantined' } },
    ]);
    // The third entry was written after the clock was set back one hour.
    entries[2] = { ...entries[2]!, time: new Date(T0 - 3_600_000).toISOString() };
    const back = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now).exceptions.filter((e) => e.kind === 'back-dated');
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ seq: 3, severity: 'major', params: { previousSeq: 2, time: '2026-03-02T07:00:00.000Z', receivedAt: new Date(T0 + 120_000).toISOString() } });
  });

  it('A11-22 flags the entries a station recorded while its clock was not trusted ("record and flag"), once per untrusted period', () => {
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      { type: 'engine.command_refused', payload: { command: 'scan-container', stepId: 'W1', code: 'LOT_NOT_RELEASED', message: 'quarantined' } },
      { type: 'engine.command_refused', payload: { command: 'scan-container', stepId: 'W1', code: 'LOT_NOT_RELEASED', message: 'quarantined' } },
    ]);
    // The station's own records, which carry no batch: untrusted after entry 2 (in the station's
    // seq space, between the batch's entries), trusted again only later.
    const moved = entries.map((e) => ({ ...e, seq: e.seq * 10 }));
    const trust = new Map([['ST-1', [
      { seq: 25, type: 'station.time_untrusted', payload: { driftSeconds: -45.2, policy: 'flag' } },
      { seq: 35, type: 'station.time_trusted', payload: { driftSeconds: 0 } },
    ]]]);
    const flagged = findExceptions(moved, new Map(), { lateSyncHours: 24 }, now, trust).exceptions.filter((e) => e.kind === 'time-untrusted');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ seq: 30, severity: 'major', params: { count: 1, driftSeconds: -45, fromSeq: 25, toSeq: 35, policy: 'flag' } });
    // still untrusted: every later entry of the batch is inside
    const open = new Map([['ST-1', [{ seq: 25, type: 'station.time_untrusted', payload: { driftSeconds: 90, policy: 'flag' } }]]]);
    expect(findExceptions(moved, new Map(), { lateSyncHours: 24 }, now, open).exceptions.find((e) => e.kind === 'time-untrusted')!.params).toMatchObject({ count: 2, toSeq: '—' });
    // no record of an untrusted clock: nothing flagged
    expect(findExceptions(moved, new Map(), { lateSyncHours: 24 }, now).exceptions.some((e) => e.kind === 'time-untrusted')).toBe(false);
  });

  it('DI-12 names overrides, stale master data, refusals, corrections, late syncs and steps out of order', () => {
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({ masterDataAgeMinutes: 300, staleOverrideSeq: 1 }),
      { type: 'engine.command_refused', payload: { command: 'scan-container', stepId: 'W1', code: 'LOT_NOT_RELEASED', message: 'quarantined' } },
      // W2 while W1 is the active step.
      { type: 'dispense.container_scanned', payload: { stepId: 'W2', stepIndex: 1, lineId: 'L2', container: { containerId: 'C-2' }, lot: { lotId: 'LOT-2', materialCode: 'M2' }, portionWindow: { target: kg('1'), lower: kg('1'), upper: kg('1') } } },
      { type: 'correction.recorded', payload: { targetSeq: 3, targetHash: 'a'.repeat(64), changes: [{ path: 'reason', oldValue: 'x', newValue: 'y' }], reason: 'typo in the comment' }, lagHours: 30 },
      { type: 'order.completed', payload: { steps: 2, portions: 0, deviations: 0 } },
    ]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => e.kind).sort()).toEqual(['command-refused', 'correction', 'late-sync', 'override', 'stale-master-data', 'step-out-of-order', 'step-out-of-order']);
    const outOfOrder = f.exceptions.filter((e) => e.kind === 'step-out-of-order');
    expect(outOfOrder.map((e) => e.seq)).toEqual([4, 6]);
    expect(outOfOrder[0]!.params).toMatchObject({ stepId: 'W2', expected: 'W1' });
    expect(f.exceptions.find((e) => e.kind === 'late-sync')!.params).toMatchObject({ count: 1, limitHours: 24 });
    expect(f.complete).toBe(true);
    expect(f.participants).toContain('user-op');
  });

  it('DI-16 lists a container id typed by hand (manual entry) with its reason, and not a scanned one', () => {
    const scanned = (manualEntry?: { reason: string }) => ({
      type: 'dispense.container_scanned',
      payload: { stepId: 'W1', stepIndex: 0, lineId: 'L1', scan: { containerId: 'C-1' }, container: { containerId: 'C-1' }, lot: { lotId: 'LOT-1', materialCode: 'M-L1' }, portionWindow: { target: kg('1'), lower: kg('1'), upper: kg('1') }, ...(manualEntry ? { manualEntry } : {}) },
    });
    const entries = record([{ type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } }, started({}), scanned(), scanned({ reason: 'label torn, id read from the drum' })]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => [e.kind, e.seq, e.severity, e.params])).toEqual([['manual-entry', 4, 'major', { containerId: 'C-1', reason: 'label torn, id read from the drum' }]]);
  });

  it('FR-19 flags a container taken instead of the suggested one, with the reason, and not a followed suggestion', () => {
    const scanned = (containerChoice: Record<string, unknown>) => ({
      type: 'dispense.container_scanned',
      payload: { stepId: 'W1', stepIndex: 0, lineId: 'L1', scan: { containerId: 'C-2' }, container: { containerId: 'C-2' }, lot: { lotId: 'LOT-2', materialCode: 'M-L1' }, portionWindow: { target: kg('1'), lower: kg('1'), upper: kg('1') }, containerChoice },
    });
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      scanned({ suggested: 'C-2', followed: true, reason: null }),
      scanned({ suggested: 'C-1', followed: false, reason: 'C-1 is behind a full pallet' }),
    ]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => [e.kind, e.seq, e.severity, e.params])).toEqual([['container-not-suggested', 4, 'minor', { containerId: 'C-2', suggested: 'C-1', reason: 'C-1 is behind a full pallet' }]]);
  });

  it('lists a weighing that took more than the container\'s recorded stock', () => {
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      { type: 'dispense.stock_discrepancy', payload: { stepId: 'W1', stepIndex: 0, lineId: 'L1', portion: 1, containerId: 'C-1', lotId: 'LOT-1', recordedLeft: kg('0.600'), withdrawn: { amount: '700.00', unit: 'g' }, shortfall: kg('0.10000') } },
    ]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => [e.kind, e.seq, e.params])).toEqual([['stock-discrepancy', 3, { containerId: 'C-1', withdrawn: '700.00 g', recordedLeft: '0.600 kg', shortfall: '0.10000 kg' }]]);
  });

  it('FR-25 FR-26 lists a container of another batch or step, or past its hold time, refused at the point of use as a major exception; other refusals stay minor', () => {
    const refused = (command: string, code: string) => ({ type: 'engine.command_refused', payload: { command, stepId: 'S41', code, message: `${code} message` } });
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      refused('charge-container', 'KIT_CONTAINER_OTHER_BATCH'),
      refused('charge-container', 'HOLD_TIME_EXPIRED'),
      refused('charge-container', 'KIT_CONTAINER_ALREADY_CHARGED'),
      refused('kit-scan', 'KIT_CONTAINER_OTHER_BATCH'),
    ]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => [e.kind, e.seq, e.severity, e.params.code])).toEqual([
      ['charge-refused', 3, 'major', 'KIT_CONTAINER_OTHER_BATCH'],
      ['charge-refused', 4, 'major', 'HOLD_TIME_EXPIRED'],
      ['command-refused', 5, 'minor', 'KIT_CONTAINER_ALREADY_CHARGED'],
      ['command-refused', 6, 'minor', 'KIT_CONTAINER_OTHER_BATCH'],
    ]);
  });

  it('FR-25 lists a charge whose signature was never given (it did not count), and not a signed one', () => {
    const charged = (containerId: string) => ({ type: 'kit.container_charged', payload: { stepId: 'S41', stepIndex: 0, containerId, weighingSeq: 1, lineId: 'L1', materialCode: 'M1', lotId: 'LOT-1', net: kg('1'), raw: null, holdUntil: null } });
    const entries = record([
      { type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } },
      started({}),
      charged('DC-1'),
      charged('DC-2'),
      { type: 'signature.applied', payload: { targetSeq: 4, meaning: 'performed', signerId: 'u', username: 'op.li', printedName: 'Li', signedAt: new Date(T0).toISOString(), certFingerprint: 'x' } },
    ]);
    const f = findExceptions(entries, new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions.filter((e) => e.kind === 'signature-missing').map((e) => [e.seq, e.params])).toEqual([[3, { type: 'kit.container_charged', missing: 'performed' }]]);
  });

  it('P11-30 sorts signature certificates into revoked before signing, revoked since, expired at signing, unknown and expired since', () => {
    const sig = (fp: string, signedAt: string) => ({ type: 'signature.applied', payload: { targetSeq: 1, meaning: 'performed', signerId: 'u', username: 'op.li', printedName: 'Li', signedAt, certFingerprint: fp } });
    const at = new Date(T0).toISOString();
    const entries = record([sig('a', at), sig('b', at), sig('c', at), sig('d', at), sig('e', at), sig('f', at)]);
    const certs = new Map<string, CertificateFacts>([
      ['a', { notBefore: new Date(T0 - 1e9), notAfter: new Date(T0 + 1e9), revokedAt: new Date(T0 - 1000) }],
      ['f', { notBefore: new Date(T0 - 1e9), notAfter: new Date(T0 + 1e9), revokedAt: new Date(T0 + 1000) }],
      ['b', { notBefore: new Date(T0 - 1e9), notAfter: new Date(T0 - 1000), revokedAt: null }],
      ['d', { notBefore: new Date(T0 - 1e9), notAfter: new Date(T0 + 1000), revokedAt: null }],
      ['e', { notBefore: new Date(T0 - 1e9), notAfter: new Date(T0 + 1e10), revokedAt: null }],
    ]);
    const f = findExceptions(entries, certs, { lateSyncHours: 24 }, now);
    expect(f.exceptions.map((e) => [e.seq, e.params.problem, e.severity])).toEqual([
      [1, 'revoked-before-signing', 'critical'],
      [2, 'expired-at-signing', 'critical'],
      [3, 'unknown', 'major'],
      [4, 'expired', 'minor'],
      [6, 'revoked-since', 'minor'],
    ]);
    // Only the signature made after the revocation waits for QA, as a hub deviation.
    expect(f.deviations.map((d) => [d.seq, d.category, d.raisedBy])).toEqual([[1, 'revoked-signature', 'hub']]);
    expect(f.participants).toContain('op.li');
  });

  it('reports a record the engine cannot replay instead of failing the review', () => {
    const f = findExceptions(record([{ type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } }, { type: 'order.started', payload: { boothId: 'X', plan: { lines: [], steps: [weighStep(0, 'W1', 'L-missing')] }, prechecks: { masterDataAgeMinutes: 1, maxAgeMinutes: 240, staleOverrideSeq: null } } }]), new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions).toEqual([expect.objectContaining({ kind: 'record-inconsistent', severity: 'critical', seq: 2 })]);
  });

  it('finds nothing in a batch that ran as planned', () => {
    const f = findExceptions(record([{ type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } }, started({})]), new Map(), { lateSyncHours: 24 }, now);
    expect(f.exceptions).toEqual([]);
    expect(f.complete).toBe(false);
  });
});
