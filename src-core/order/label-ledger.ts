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

/** FR-139: a print the station announced before sending it to the printer. */
export interface PrintRequest {
  seq: number;
  command: string;
  count: number;
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
  if (typeof p.printRequestSeq === 'number') {
    // FR-139: a failure closes the print as not printed only when nothing reached the printer.
    if (e.type === 'label.print_failed' && p.delivered !== 'none') failedAfterSend(l, p.printRequestSeq, e.seq);
    else closePrint(l, p.printRequestSeq, e.seq, e.type === 'label.print_failed');
  }
  switch (e.type) {
    case 'label.print_requested':
      l.prints.push({ seq: e.seq, command: p.command as string, count: Array.isArray(p.labels) ? p.labels.length : 1, outcomeSeq: null, failed: false, failedAfterSendSeq: null });
      break;
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
