/**
 * Label events of an order (issue 17 item 7; EU GMP Ch. 5.41-5.44 reconciliation of printed
 * labels): a reprint needs the operator's reason and a second person's co-signature
 * ("verified") before the station prints it, marked REPRINT; every printed label is then
 * accounted for as used (on its container) or destroyed (with the reason). The counts and
 * their mismatch come from the one fold both station and hub use (src-core/order/label-ledger.ts).
 */
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { err, InvariantViolation, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderLabel } from '../../../src-core/order/label-ledger.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import { localIso } from './decide-steps.ts';
import { append, entry, type Decision, type IoResult } from './decision.ts';
import type { LabelContent } from './label-port.ts';
import { requireInProgress } from './step-guards.ts';

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
  if (!request) return err('REPRINT_NOT_AUTHORIZED', `label ${cmd.labelId} has no co-signed reprint request waiting: give a reason and have a second person co-sign it`, { labelId: cmd.labelId });
  const content: LabelContent = { ...(label.value.content as LabelContent), reprint: 'REPRINT', reprintOf: cmd.labelId, reprintedAt: localIso(ctx.now, ctx.tzOffset) };
  if (io === null) return ok({ entries: [], io: { kind: 'print', labels: [content] } });
  if (io.kind !== 'printed') throw new InvariantViolation(`reprint-label got ${io.kind}`);
  // FR-139: the label that went to the printer (its reprintedAt is the time it was sent).
  const { kind: _io, labels: printed, ...receipt } = io;
  return ok(append(entry(s, ctx, 'label.reprinted', { labelId: cmd.labelId, requestSeq: request.seq, labels: printed, ...receipt })));
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
