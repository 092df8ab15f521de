/**
 * Environmental step gating (issue 13 item 1; EU GMP Annex 1 §9.27: action levels require
 * action). A command that does work in a room whose environment is at the action level now is
 * refused with ENV_ACTION_EXCURSION, naming room, quantity, value and the limit crossed, unless a
 * supervisor approved an `environment-excursion` deviation (reason + "approved" e-signature, a
 * ledger entry) for that very excursion: a later excursion needs its own override. Signing,
 * raising deviations, stopping a running timer and completing are never blocked: they record
 * what was already done, and the override itself must be reachable.
 */
import type { EngineCommand, EngineCommandType } from '../../../src-shared/orders/engine-command.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';

/** The open action excursion that blocks a room, as the station knows it now. */
export interface ActionBlock {
  room: string;
  quantity: string;
  value: number;
  unit: string;
  limit: number | null;
  excursionId: string;
  since: string;
}

/** The port the engine asks (station core: core/environment/room-environment.ts). */
export interface EnvironmentGate {
  blocking(room: string): ActionBlock | null;
}

const GATED: ReadonlySet<EngineCommandType> = new Set<EngineCommandType>(['start-order', 'acknowledge', 'checklist', 'enter-parameter', 'submit-form', 'record-ipc', 'start-timer', 'print-label', 'scan-container', 'select-balance', 'tare', 'capture']);

/** The room of the order's booth (the one asked for at start), if the booth is known. */
export function roomOfOrder(s: OrderState, ctx: DecideContext, boothId: string | null = s.boothId ?? s.order?.boothId ?? null): string | null {
  return boothId ? (ctx.md.get('booth', boothId)?.data.room ?? null) : null;
}

export function blockingExcursion(s: OrderState, ctx: DecideContext, boothId?: string | null): ActionBlock | null {
  const room = roomOfOrder(s, ctx, boothId);
  return room && ctx.environment ? ctx.environment.blocking(room) : null;
}

export function checkEnvironment(s: OrderState, cmd: EngineCommand, ctx: DecideContext): Result<{ overrideSeq: number | null }> {
  if (!GATED.has(cmd.type)) return ok({ overrideSeq: null });
  const block = blockingExcursion(s, ctx, cmd.type === 'start-order' ? cmd.boothId : undefined);
  if (!block) return ok({ overrideSeq: null });
  const override = s.deviations.find((d) => d.category === 'environment-excursion' && d.approvedAt !== null && d.excursionId === block.excursionId);
  if (override) return ok({ overrideSeq: override.seq });
  const limit = block.limit === null ? '' : ` (action limit ${block.limit} ${block.unit})`;
  return err(
    'ENV_ACTION_EXCURSION',
    `room ${block.room} is in an action excursion since ${block.since}: ${block.quantity} ${block.value} ${block.unit}${limit}; wait until it ends or have a supervisor approve an override`,
    { room: block.room, quantity: block.quantity, value: block.value, unit: block.unit, limit: block.limit, excursionId: block.excursionId, since: block.since },
  );
}
