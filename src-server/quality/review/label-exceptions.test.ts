import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCEPTION_POLICY, findExceptions, type ReviewEntry } from './batch-exceptions.ts';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const labelStep = { index: 0, unitProcedureId: 'UP', operationId: 'OP', step: { stepId: 'S1', name: 'Label', instruction: 'label', signatures: { performed: false, verified: false }, type: 'label', labelKind: 'dispensed-material', lineId: null } };

function ledger(specs: { type: string; payload: Record<string, unknown> }[]): ReviewEntry[] {
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
    receivedAt: new Date(T0 + i * 60_000),
  }));
}

/** Two labels printed at seq 2 ("2-1", "2-2"), the first reprinted at seq 4 ("4-1"). */
const printedAndReprinted = [
  { type: 'order.started', payload: { boothId: 'BOOTH-1', plan: { lines: [], steps: [labelStep] }, prechecks: { masterDataServedAt: null, masterDataAgeMinutes: 5, maxAgeMinutes: 240, staleOverrideSeq: null } } },
  { type: 'label.printed', payload: { stepId: 'S1', stepIndex: 0, labelKind: 'dispensed-material', printerId: 'PRN-01', labels: [{ lotNumber: 'A' }, { lotNumber: 'B' }] } },
  { type: 'label.reprint_requested', payload: { labelId: '2-1', reason: 'label torn while applying it' } },
  { type: 'label.reprinted', payload: { labelId: '2-1', requestSeq: 3, labels: [{ lotNumber: 'A', reprint: 'REPRINT' }], printerId: 'PRN-01' } },
];
const completed = { type: 'order.completed', payload: { steps: 1, portions: 0, deviations: 0 } };
const find = (entries: ReviewEntry[]) => findExceptions(entries, new Map(), DEFAULT_EXCEPTION_POLICY, new Date(T0 + 3_600_000)).exceptions;

describe('label events in review by exception (issue 17 item 7)', () => {
  it('FR-33 a complete order whose printed labels are not all used or destroyed is a major exception naming the counts', () => {
    const xs = find(ledger([...printedAndReprinted, { type: 'label.used', payload: { labelId: '4-1' } }, { type: 'label.used', payload: { labelId: '2-2' } }, completed]));
    const x = xs.find((e) => e.kind === 'label-reconciliation');
    expect(x).toMatchObject({ severity: 'major', seq: 7, params: { issued: 2, printed: 3, reprinted: 1, used: 2, destroyed: 0, unaccounted: '2-1' } });
  });

  it('FR-33 labels that reconcile (printed = used + destroyed) raise no reconciliation exception; each reprint is listed with its reason', () => {
    const xs = find(ledger([...printedAndReprinted, { type: 'label.destroyed', payload: { labelId: '2-1', reason: 'torn, replaced by its reprint' } }, { type: 'label.used', payload: { labelId: '4-1' } }, { type: 'label.used', payload: { labelId: '2-2' } }, completed]));
    expect(xs.filter((e) => e.kind === 'label-reconciliation')).toEqual([]);
    expect(xs.filter((e) => e.kind === 'label-reprint')).toEqual([expect.objectContaining({ severity: 'minor', seq: 4, params: { labelId: '2-1', reprintId: '4-1', reason: 'label torn while applying it' } })]);
  });

  it('FR-139 a print requested whose outcome was never recorded makes a complete order a major exception naming its labels as outcome unknown', () => {
    const request = { type: 'label.print_requested', payload: { command: 'print-label', stepId: 'S1', labels: [{ lotNumber: 'C' }, { lotNumber: 'D' }], contentSha256: 'a'.repeat(64) } };
    const used = ['2-1', '2-2', '4-1'].map((labelId) => ({ type: 'label.used', payload: { labelId } }));
    // Printed labels all used: only the request at seq 8 is open.
    const xs = find(ledger([...printedAndReprinted, ...used, request, completed]));
    expect(xs.find((e) => e.kind === 'label-reconciliation')).toMatchObject({ severity: 'major', params: { printed: 3, used: 3, unaccounted: '—', outcomeUnknown: '8-1, 8-2' } });
    // Its outcome recorded (a failed print that sent nothing), the order reconciles.
    const failed = { type: 'label.print_failed', payload: { printRequestSeq: 8, code: 'LABEL_PRINT_FAILED', message: 'printer offline', delivered: 'none' } };
    expect(find(ledger([...printedAndReprinted, ...used, request, failed, completed])).filter((e) => e.kind === 'label-reconciliation')).toEqual([]);
    // A print that failed after its data may have reached the printer stays outcome unknown.
    const failedAfterSend = { type: 'label.print_failed', payload: { printRequestSeq: 8, code: 'LABEL_PRINT_FAILED', message: 'printer did not answer', delivered: 'unknown' } };
    expect(find(ledger([...printedAndReprinted, ...used, request, failedAfterSend, completed])).find((e) => e.kind === 'label-reconciliation')).toMatchObject({ params: { outcomeUnknown: '8-1, 8-2' } });
  });

  it('FR-33 an order still in progress is not flagged for labels not yet accounted for', () => {
    expect(find(ledger(printedAndReprinted)).filter((e) => e.kind === 'label-reconciliation')).toEqual([]);
  });
});

describe('FR-141 a settled print in review by exception', () => {
  const sig = (targetSeq: number, signerId: string) => ({ type: 'signature.applied', payload: { targetSeq, targetHash: String(targetSeq).padStart(64, '0'), meaning: 'verified', signerId, username: 'sup.wang', printedName: 'Wang Fang', signedAt: '2026-03-02T08:30:00.000Z' } });
  const unknown = [
    printedAndReprinted[0]!,
    { type: 'label.print_requested', payload: { command: 'print-label', stepId: 'S1', stepIndex: 0, labels: [{ lotNumber: 'A' }], contentSha256: '0'.repeat(64) } },
  ];
  const settledAs = (outcome: string, count: number) => ({ type: 'label.print_settled', payload: { printRequestSeq: 2, outcome, count, reason: 'checked the printer tray', stepId: 'S1' } });

  it('FR-141 a print of unknown outcome is a reconciliation exception until its settlement is co-signed by another person; then the hub counts it as the station does', () => {
    const open = find(ledger([...unknown, settledAs('destroyed', 1), completed]));
    expect(open.find((e) => e.kind === 'label-reconciliation')?.params).toMatchObject({ outcomeUnknown: '2-1' });
    const selfSigned = find(ledger([...unknown, settledAs('destroyed', 1), sig(3, 'user-op'), completed]));
    expect(selfSigned.find((e) => e.kind === 'label-reconciliation')).toBeDefined();
    const settled = find(ledger([...unknown, settledAs('destroyed', 1), sig(3, 'user-sup'), completed]));
    expect(settled.find((e) => e.kind === 'label-reconciliation')).toBeUndefined();
  });

  it('FR-141 a co-signed settlement is listed for the reviewer as a minor exception naming what was found; an unsigned or self-signed one is not (it is still outcome unknown)', () => {
    const settled = find(ledger([...unknown, settledAs('destroyed', 1), sig(3, 'user-sup'), completed]));
    expect(settled.filter((e) => e.kind === 'label-print-settled')).toEqual([expect.objectContaining({ severity: 'minor', seq: 3, params: { requestSeq: 2, outcome: 'destroyed', count: 1, reason: 'checked the printer tray' } })]);
    expect(find(ledger([...unknown, settledAs('destroyed', 1), sig(3, 'user-op'), completed])).filter((e) => e.kind === 'label-print-settled')).toEqual([]);
    expect(find(ledger([...unknown, settledAs('none', 0), completed])).filter((e) => e.kind === 'label-print-settled')).toEqual([]);
  });

  it('FR-154 a settlement co-signed after the order completed is a major exception of its own (the record changed after completion), not the routine minor one; the labels then reconcile', () => {
    // unknown: order.started (1), the request (2); completed (3), the settlement (4) and its co-signature (5).
    const xs = find(ledger([...unknown, completed, { ...settledAs('destroyed', 1), payload: { ...settledAs('destroyed', 1).payload, afterCompletion: true } }, sig(4, 'user-sup')]));
    expect(xs.filter((e) => e.kind === 'label-print-settled')).toEqual([]);
    expect(xs.filter((e) => e.kind === 'label-print-settled-after-completion')).toEqual([expect.objectContaining({ severity: 'major', seq: 4, params: { requestSeq: 2, outcome: 'destroyed', count: 1, reason: 'checked the printer tray' } })]);
    expect(xs.find((e) => e.kind === 'label-reconciliation')).toBeUndefined();
  });
});
