/**
 * The labels of an order, as a fold over its label events (issue 17 item 7): every label a
 * label step printed (label.printed, one per label content) and every reprint (label.reprinted,
 * marked REPRINT, under a request co-signed "verified"), then each used or destroyed.
 * Reconciliation: issued = labels the label steps printed, printed = issued + reprints, and
 * every printed label must be accounted for — printed = used + destroyed. Anything else is a
 * mismatch, shown at the station and flagged in review by exception at the hub. Station and hub
 * count with this one fold (evolve-order.ts calls it), so they cannot disagree.
 *
 * FR-139: every print is announced (`label.print_requested`) before the printer gets it and
 * closed by its outcome; a `label.print_failed` closes it only when nothing reached the printer
 * (`delivered: 'none'`). A request the ledger holds no closing outcome for (the print's own entry was
 * refused: the clock set back, the GMP gate, a full disk) may have put labels into the world
 * with no record of them: its labels count as "requested, outcome unknown", named
 * `<seq of the request>-<position>`, and the order does not reconcile until QA has dealt with
 * them — never silently counted as not printed.
 *
 * FR-141: such a print is settled at the station (`label.print_settled`, what the operator found
 * at the printer) once a second person signs the settlement "verified": 'applied' and
 * 'destroyed' put its labels into the reconciliation as printed and used or destroyed (named
 * `<request seq>-<position>`, like the outcome unknown they replace); 'none' closes the print
 * as not printed. A settlement nobody else co-signed changes nothing; the first co-signed one
 * settles the print, any later one is void. 'applied' also does what the print's own outcome
 * would have done (evolve-order.ts): a label step's labels are on their containers, so the step
 * is done as printed; a return label is on its container, so the return is labelled.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

export type LabelContentRecord = Record<string, unknown>;

export interface OrderLabel {
  labelId: string;
  /** The print (or reprint) entry that produced it. */
  seq: number;
  content: LabelContentRecord;
  /** A reprint names the label it replaces. */
  reprintOf: string | null;
  /** In training the label was previewed, never printed. */
  preview: boolean;
  disposition: { kind: 'used' | 'destroyed'; seq: number; reason: string | null } | null;
}

export interface ReprintRequest {
  seq: number;
  labelId: string;
  reason: string;
  /** The reprint entry that used this request; null until printed. */
  printedSeq: number | null;
}

/** FR-141: what the operator found at the printer for a print whose outcome was unknown. */
export interface PrintSettlement {
  seq: number;
  outcome: 'applied' | 'destroyed' | 'none';
  count: number;
  reason: string;
  actor: string;
}

/** FR-139: a print the station announced before sending it to the printer. */
export interface PrintRequest {
  seq: number;
  command: string;
  count: number;
  /** The label step it printed for; null for reprints and return labels. */
  stepId: string | null;
  /** The label a reprint replaces. */
  labelId: string | null;
  /** The returned container a return label is for. */
  containerId: string | null;
  labels: LabelContentRecord[];
  /** FR-141: settlements recorded for it, co-signed or not yet. */
  settlements: PrintSettlement[];
  /** FR-141: the co-signed settlement that closed it; null: none. */
  settledSeq: number | null;
  /** The entry that recorded its outcome (printed, reprinted, return labelled, or failed with nothing delivered); null: unknown. */
  outcomeSeq: number | null;
  failed: boolean;
  /** A `label.print_failed` after sending began (or not saying): the print failed, but labels may have come out; the outcome stays unknown. */
  failedAfterSendSeq: number | null;
}

export interface LabelLedger {
  labels: OrderLabel[];
  requests: ReprintRequest[];
  prints: PrintRequest[];
}

export interface LabelReconciliation {
  issued: number;
  printed: number;
  reprinted: number;
  used: number;
  destroyed: number;
  /** Printed labels neither used nor destroyed. */
  unaccounted: string[];
  /** FR-139: labels of prints announced with no recorded outcome (`<request seq>-<position>`): perhaps printed, never recorded. */
  outcomeUnknown: string[];
  balanced: boolean;
}

export function emptyLabelLedger(): LabelLedger {
  return { labels: [], requests: [], prints: [] };
}

type P = Record<string, unknown>;

/** Applies one label event; other entries leave the ledger as it is. */
export function evolveLabels(l: LabelLedger, e: LedgerEntry): void {
  const p = e.payload as P;
  if (typeof p.printRequestSeq === 'number' && e.type !== 'label.print_settled') {
    // FR-139: a failure closes the print as not printed only when nothing reached the printer.
    if (e.type === 'label.print_failed' && p.delivered !== 'none') failedAfterSend(l, p.printRequestSeq, e.seq);
    else closePrint(l, p.printRequestSeq, e.seq, e.type === 'label.print_failed');
  }
  switch (e.type) {
    case 'label.print_requested':
      l.prints.push({
        seq: e.seq,
        command: p.command as string,
        count: Array.isArray(p.labels) ? p.labels.length : 1,
        stepId: typeof p.stepId === 'string' ? p.stepId : null,
        labelId: typeof p.labelId === 'string' ? p.labelId : null,
        containerId: typeof p.containerId === 'string' ? p.containerId : null,
        labels: Array.isArray(p.labels) ? (p.labels as LabelContentRecord[]) : [],
        settlements: [],
        settledSeq: null,
        outcomeSeq: null,
        failed: false,
        failedAfterSendSeq: null,
      });
      break;
    case 'label.print_settled': {
      const request = l.prints.find((r) => r.seq === p.printRequestSeq);
      if (request) request.settlements.push({ seq: e.seq, outcome: p.outcome as PrintSettlement['outcome'], count: p.count as number, reason: p.reason as string, actor: e.actor ?? '' });
      break;
    }
    case 'label.printed':
      for (const [i, content] of ((p.labels as LabelContentRecord[] | undefined) ?? []).entries()) {
        l.labels.push({ labelId: `${e.seq}-${i + 1}`, seq: e.seq, content, reprintOf: null, preview: p.preview === true, disposition: null });
      }
      break;
    case 'label.reprint_requested':
      l.requests.push({ seq: e.seq, labelId: p.labelId as string, reason: p.reason as string, printedSeq: null });
      break;
    case 'label.reprinted': {
      const request = l.requests.find((r) => r.seq === p.requestSeq);
      if (request) request.printedSeq = e.seq;
      const content = (p.labels as LabelContentRecord[])[0] ?? {};
      l.labels.push({ labelId: `${e.seq}-1`, seq: e.seq, content, reprintOf: p.labelId as string, preview: p.preview === true, disposition: null });
      break;
    }
    case 'label.used':
    case 'label.destroyed': {
      const label = l.labels.find((x) => x.labelId === p.labelId);
      if (label && label.disposition === null) label.disposition = { kind: e.type === 'label.used' ? 'used' : 'destroyed', seq: e.seq, reason: typeof p.reason === 'string' ? p.reason : null };
      break;
    }
    default:
      break;
  }
}

/**
 * FR-141: a signature on a settlement. Only a "verified" signature by someone other than the
 * operator who recorded it makes it effective, and only while the print is still open (no
 * outcome, no earlier settlement): then the print is closed by it.
 */
export function settlementSigned(l: LabelLedger, targetSeq: number, meaning: string, signerId: string): { request: PrintRequest; settlement: PrintSettlement } | null {
  if (meaning !== 'verified') return null;
  const request = l.prints.find((r) => r.settlements.some((x) => x.seq === targetSeq));
  const settlement = request?.settlements.find((x) => x.seq === targetSeq);
  if (!request || !settlement || settlement.actor === signerId || request.outcomeSeq !== null) return null;
  request.settledSeq = settlement.seq;
  request.outcomeSeq = settlement.seq;
  request.failed = settlement.outcome === 'none';
  // What it does to the label step or the returned container is the order fold's (evolve-order.ts settledPrint).
  if (settlement.outcome === 'none' || request.command === 'print-return-label') return { request, settlement };
  const kind = settlement.outcome === 'applied' ? 'used' : 'destroyed';
  for (const [i, content] of request.labels.entries()) {
    l.labels.push({ labelId: `${request.seq}-${i + 1}`, seq: settlement.seq, content, reprintOf: request.labelId, preview: false, disposition: { kind, seq: settlement.seq, reason: kind === 'destroyed' ? settlement.reason : null } });
  }
  // A reprint that came out used its co-signed request: it cannot be printed a second time.
  if (request.labelId !== null) {
    const reprint = [...l.requests].reverse().find((r) => r.labelId === request.labelId && r.printedSeq === null);
    if (reprint) reprint.printedSeq = settlement.seq;
  }
  return { request, settlement };
}

/**
 * FR-141: the open print (no outcome, not settled) of what a print command prints for — a label
 * step, the label a reprint replaces, a returned container — if any: labels may have come out of
 * it, so it is settled before the same labels are printed again.
 */
export function openPrintFor(l: LabelLedger, of: { stepId: string } | { labelId: string } | { containerId: string }): PrintRequest | undefined {
  const matches = (r: PrintRequest) => ('stepId' in of ? r.stepId === of.stepId : 'labelId' in of ? r.command === 'reprint-label' && r.labelId === of.labelId : r.containerId === of.containerId);
  return l.prints.find((r) => r.outcomeSeq === null && matches(r));
}

function failedAfterSend(l: LabelLedger, requestSeq: number, seq: number): void {
  const request = l.prints.find((r) => r.seq === requestSeq);
  if (request && request.outcomeSeq === null && request.failedAfterSendSeq === null) request.failedAfterSendSeq = seq;
}

function closePrint(l: LabelLedger, requestSeq: number, seq: number, failed: boolean): void {
  const request = l.prints.find((r) => r.seq === requestSeq);
  if (request && request.outcomeSeq === null) {
    request.outcomeSeq = seq;
    request.failed = failed;
  }
}

export function reconcileLabels(l: LabelLedger): LabelReconciliation {
  const issued = l.labels.filter((x) => x.reprintOf === null).length;
  const reprinted = l.labels.length - issued;
  const used = l.labels.filter((x) => x.disposition?.kind === 'used').length;
  const destroyed = l.labels.filter((x) => x.disposition?.kind === 'destroyed').length;
  const printed = l.labels.length;
  const outcomeUnknown = l.prints.filter((r) => r.outcomeSeq === null).flatMap((r) => Array.from({ length: r.count }, (_, i) => `${r.seq}-${i + 1}`));
  return {
    issued,
    printed,
    reprinted,
    used,
    destroyed,
    unaccounted: l.labels.filter((x) => x.disposition === null).map((x) => x.labelId),
    outcomeUnknown,
    balanced: printed === used + destroyed && outcomeUnknown.length === 0,
  };
}
