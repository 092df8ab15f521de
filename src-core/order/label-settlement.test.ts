/**
 * FR-141: the label fold settles a print whose outcome was unknown only with the operator's
 * settlement co-signed "verified" by another person; the first co-signed one counts.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { emptyLabelLedger, evolveLabels, openPrintFor, reconcileLabels, settlementSigned, type LabelLedger } from './label-ledger.ts';

const e = (seq: number, type: string, payload: Record<string, unknown>, actor = 'u-op'): LedgerEntry => ({ seq, type, payload, actor, stationId: 'ST-1', time: '2026-03-02T01:00:00.000Z', tzOffset: '+08:00', batchRef: 'B-1', prevHash: '', hash: '' }) as unknown as LedgerEntry;
const label = (n: number) => ({ kind: 'dispensed-material', containerId: `C-${n}` });

/** A label step's print of two labels (entry 10) with no outcome: outcome unknown. */
function unknownPrint(): LabelLedger {
  const l = emptyLabelLedger();
  evolveLabels(l, e(10, 'label.print_requested', { command: 'print-label', stepId: 'S12', stepIndex: 3, labels: [label(1), label(2)], contentSha256: '0'.repeat(64) }));
  return l;
}
const settle = (l: LabelLedger, seq: number, outcome: string, count: number, actor = 'u-op') => evolveLabels(l, e(seq, 'label.print_settled', { printRequestSeq: 10, outcome, count, reason: 'checked the printer tray', stepId: 'S12' }, actor));

describe('FR-141 settling a print whose outcome is unknown (label fold)', () => {
  it('FR-141 a settlement nobody else co-signed changes nothing: the labels stay outcome unknown and the step\'s print stays open', () => {
    const l = unknownPrint();
    settle(l, 11, 'none', 0);
    expect(reconcileLabels(l).outcomeUnknown).toEqual(['10-1', '10-2']);
    settlementSigned(l, 11, 'verified', 'u-op');
    settlementSigned(l, 11, 'performed', 'u-sup');
    expect(reconcileLabels(l)).toMatchObject({ outcomeUnknown: ['10-1', '10-2'], balanced: false });
    expect(openPrintFor(l, { stepId: 'S12' })?.seq).toBe(10);
  });

  it('FR-141 "none came out", co-signed: the print is closed as not printed, nothing counted, the step may print again', () => {
    const l = unknownPrint();
    settle(l, 11, 'none', 0);
    settlementSigned(l, 11, 'verified', 'u-sup');
    expect(reconcileLabels(l)).toMatchObject({ outcomeUnknown: [], printed: 0, balanced: true });
    expect(openPrintFor(l, { stepId: 'S12' })).toBeUndefined();
    expect(l.prints[0]).toMatchObject({ settledSeq: 11, outcomeSeq: 11, failed: true });
  });

  it('FR-141 "came out and applied" counts its labels printed and used; "destroyed" printed and destroyed with the reason: both reconcile', () => {
    const applied = unknownPrint();
    settle(applied, 11, 'applied', 2);
    settlementSigned(applied, 11, 'verified', 'u-sup');
    expect(reconcileLabels(applied)).toMatchObject({ issued: 2, printed: 2, used: 2, destroyed: 0, outcomeUnknown: [], unaccounted: [], balanced: true });
    expect(applied.labels.map((x) => x.labelId)).toEqual(['10-1', '10-2']);
    const destroyed = unknownPrint();
    settle(destroyed, 11, 'destroyed', 2);
    settlementSigned(destroyed, 11, 'verified', 'u-qa');
    expect(reconcileLabels(destroyed)).toMatchObject({ printed: 2, used: 0, destroyed: 2, balanced: true });
    expect(destroyed.labels[0]!.disposition).toEqual({ kind: 'destroyed', seq: 11, reason: 'checked the printer tray' });
  });

  it('FR-141 only the first co-signed settlement counts; a print with a recorded outcome is not settled over', () => {
    const l = unknownPrint();
    settle(l, 11, 'applied', 2);
    settle(l, 12, 'none', 0);
    settlementSigned(l, 11, 'verified', 'u-sup');
    settlementSigned(l, 12, 'verified', 'u-sup');
    expect(l.prints[0]!.settledSeq).toBe(11);
    expect(reconcileLabels(l)).toMatchObject({ printed: 2, used: 2 });
    const printed = emptyLabelLedger();
    evolveLabels(printed, e(10, 'label.print_requested', { command: 'print-label', stepId: 'S12', labels: [label(1)], contentSha256: '0'.repeat(64) }));
    evolveLabels(printed, e(11, 'label.printed', { stepId: 'S12', printRequestSeq: 10, labels: [label(1)] }));
    evolveLabels(printed, e(12, 'label.print_settled', { printRequestSeq: 10, outcome: 'destroyed', count: 1, reason: 'checked the printer tray' }));
    settlementSigned(printed, 12, 'verified', 'u-sup');
    expect(printed.prints[0]).toMatchObject({ outcomeSeq: 11, settledSeq: null });
    expect(reconcileLabels(printed)).toMatchObject({ printed: 1, destroyed: 0 });
  });

  it('FR-141 a print that failed after sending began (delivered unknown) is settled the same way', () => {
    const l = unknownPrint();
    evolveLabels(l, e(11, 'label.print_failed', { printRequestSeq: 10, stepId: 'S12', code: 'LABEL_PRINT_FAILED', message: 'paper out', delivered: 'unknown' }));
    expect(reconcileLabels(l).outcomeUnknown).toHaveLength(2);
    settle(l, 12, 'destroyed', 2);
    settlementSigned(l, 12, 'verified', 'u-sup');
    expect(reconcileLabels(l)).toMatchObject({ outcomeUnknown: [], destroyed: 2, balanced: true });
  });
});
