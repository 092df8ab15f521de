/**
 * Label events of an order (issue 17 item 7; EU GMP Ch. 5.41-5.44 reconciliation of printed
 * labels): a reprint needs the operator's reason and a second person's co-signature
 * ("verified") before the station prints it, marked REPRINT; every printed label is then
 * accounted for as used (on its container) or destroyed (with the reason). The counts and
 * their mismatch come from the one fold both station and hub use (src-core/order/label-ledger.ts).
 */
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { err, InvariantViolation, ok, type Result } from '../../../src-shared/result.ts';
import { openPrintFor, type OrderLabel } from '../../../src-core/order/label-ledger.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import { localIso } from './decide-steps.ts';
import { append, entry, type Decision, type IoResult } from './decision.ts';
import type { LabelContent } from './label-port.ts';
import { requireInProgress, requireStarted } from './step-guards.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

const MIN_REASON = 10;

function labelOf(s: OrderState, labelId: string): Result<OrderLabel> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const label = s.labels.labels.find((l) => l.labelId === labelId);
  return label ? ok(label) : err('LABEL_UNKNOWN', `batch ${s.batchNumber} printed no label ${labelId}`, { labelId });
}

export function decideRequestReprint(s: OrderState, cmd: Cmd<'request-reprint'>, ctx: DecideContext): Result<Decision> {
  const label = labelOf(s, cmd.labelId);
  if (!label.ok) return label;
  if (cmd.reason.length < MIN_REASON) return err('REPRINT_REASON_REQUIRED', `a reprint needs a reason of at least ${MIN_REASON} characters`, { labelId: cmd.labelId });
  if (cmd.username === null || cmd.password === null) return err('REPRINT_COSIGNATURE_REQUIRED', 'a reprint needs a second person to co-sign it with their user name and password', { labelId: cmd.labelId });
  return ok({
    entries: [entry(s, ctx, 'label.reprint_requested', { labelId: cmd.labelId, reason: cmd.reason })],
    sign: { targetSeq: 'first-appended', meaning: 'verified', username: cmd.username },
  });
}

export function decideReprint(s: OrderState, cmd: Cmd<'reprint-label'>, ctx: DecideContext, io: IoResult | null): Result<Decision> {
  const label = labelOf(s, cmd.labelId);
  if (!label.ok) return label;
  // The newest co-signed request for this label that has not been printed yet.
  const request = [...s.labels.requests].reverse().find((r) => r.labelId === cmd.labelId && r.printedSeq === null && s.records.get(r.seq)?.signatures.some((x) => x.meaning === 'verified'));
  // FR-141: the last reprint of this label may have come out: settled first, never printed over.
  const open = io === null ? openPrintFor(s.labels, { labelId: cmd.labelId }) : undefined;
  if (open) return err('LABEL_PRINT_OUTCOME_UNKNOWN', `the reprint of label ${cmd.labelId} in entry ${open.seq} has no known outcome: settle it before printing again`, { labelId: cmd.labelId, printRequestSeq: open.seq });
  if (!request) return err('REPRINT_NOT_AUTHORIZED', `label ${cmd.labelId} has no co-signed reprint request waiting: give a reason and have a second person co-sign it`, { labelId: cmd.labelId });
  const content: LabelContent = { ...(label.value.content as LabelContent), reprint: 'REPRINT', reprintOf: cmd.labelId, reprintedAt: localIso(ctx.now, ctx.tzOffset) };
  if (io === null) return ok({ entries: [], io: { kind: 'print', labels: [content] } });
  if (io.kind !== 'printed') throw new InvariantViolation(`reprint-label got ${io.kind}`);
  // FR-139: the label that went to the printer (its reprintedAt is the time it was sent).
  const { kind: _io, labels: printed, ...receipt } = io;
  return ok(append(entry(s, ctx, 'label.reprinted', { labelId: cmd.labelId, requestSeq: request.seq, labels: printed, ...receipt })));
}

/**
 * FR-141: settles a print whose outcome is unknown (no outcome recorded, or failed after sending
 * began) with what the operator found at the printer. Refused: a print that is not open (it has
 * its outcome, or was never requested), one already settled under a co-signature, a co-signer
 * who is the operator, a count other than the print's labels ('applied', 'destroyed') or other
 * than 0 ('none'), no reason. The settlement is recorded under the operator and signed
 * "verified" by the co-signer (21 CFR 11.50: name, time and meaning in the signature entry);
 * the fold takes it only with that signature (label-ledger.ts settlementSigned).
 */
export function decideSettlePrint(s: OrderState, cmd: Cmd<'settle-print'>, ctx: DecideContext): Result<Decision> {
  // FR-154: a print whose outcome comes to light after the order completed is still settled (EU
  // GMP Ch. 5.43: the labels are reconciled whenever the discrepancy is found; refusing it left
  // them "outcome unknown" for good). Recorded as after completion; the hub's review lists it.
  const started = requireStarted(s);
  if (!started.ok) return started;
  const request = s.labels.prints.find((r) => r.seq === cmd.printRequestSeq);
  const at = { printRequestSeq: cmd.printRequestSeq };
  if (!request) return err('LABEL_PRINT_NOT_OPEN', `batch ${s.batchNumber} has no print request ${cmd.printRequestSeq}`, at);
  if (request.settledSeq !== null) return err('LABEL_PRINT_ALREADY_SETTLED', `the print of entry ${request.seq} was settled by entry ${request.settledSeq}`, { ...at, settledSeq: request.settledSeq });
  if (request.outcomeSeq !== null) return err('LABEL_PRINT_NOT_OPEN', `the print of entry ${request.seq} has its outcome in entry ${request.outcomeSeq}: there is nothing to settle`, { ...at, outcomeSeq: request.outcomeSeq });
  if (cmd.reason.length < MIN_REASON) return err('LABEL_SETTLEMENT_REASON_REQUIRED', `say what was found at the printer, in at least ${MIN_REASON} characters`, at);
  const expected = cmd.outcome === 'none' ? 0 : request.count;
  if (cmd.count !== expected) {
    return err('LABEL_SETTLEMENT_COUNT_MISMATCH', cmd.outcome === 'none' ? `"none came out" counts 0 labels, not ${cmd.count}` : `the print of entry ${request.seq} sent ${request.count} label(s); ${cmd.count} counted: raise a deviation for labels that cannot be found`, { ...at, expected, counted: cmd.count });
  }
  if (cmd.username === null || cmd.password === null) return err('LABEL_SETTLEMENT_COSIGNATURE_REQUIRED', 'settling a print needs a second person to co-sign it with their user name and password', at);
  if (cmd.username.trim().toLowerCase() === ctx.actor.username.toLowerCase()) return err('LABEL_SETTLEMENT_SAME_PERSON', `${ctx.actor.username} settles the print and cannot also co-sign it`, at);
  const payload = { printRequestSeq: request.seq, outcome: cmd.outcome, count: cmd.count, reason: cmd.reason, ...(request.stepId !== null ? { stepId: request.stepId } : {}), ...(s.status === 'complete' ? { afterCompletion: true as const } : {}) };
  return ok({ entries: [entry(s, ctx, 'label.print_settled', payload)], sign: { targetSeq: 'first-appended', meaning: 'verified', username: cmd.username } });
}

export function decideAccountLabel(s: OrderState, cmd: Cmd<'account-label'>, ctx: DecideContext): Result<Decision> {
  const label = labelOf(s, cmd.labelId);
  if (!label.ok) return label;
  const d = label.value.disposition;
  if (d) return err('LABEL_ALREADY_ACCOUNTED', `label ${cmd.labelId} is already recorded as ${d.kind} (entry ${d.seq})`, { labelId: cmd.labelId, disposition: d.kind, seq: d.seq });
  if (cmd.disposition === 'used') return ok(append(entry(s, ctx, 'label.used', { labelId: cmd.labelId })));
  if (cmd.reason.length < MIN_REASON) return err('LABEL_DESTROY_REASON_REQUIRED', `a destroyed label needs a reason of at least ${MIN_REASON} characters`, { labelId: cmd.labelId });
  return ok(append(entry(s, ctx, 'label.destroyed', { labelId: cmd.labelId, reason: cmd.reason })));
}
