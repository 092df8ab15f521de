/**
 * Small helpers for engine tests: run an order up to a point with the headless runner, issue
 * one command, read what was refused.
 */
import { expect } from 'vitest';
import type { CommandOutcome } from '../../src-main/core/engine/engine-service.ts';
import { runOrder, type LineScript, type RunSummary } from '../../src-main/dispensing/headless-runner.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import { unwrap, type Result } from '../../src-shared/result.ts';
import { DEMO_BOOTH, DEMO_PASSWORD, type DispensingStation } from '../fakes/dispensing-station.ts';

export const OPERATOR = { username: 'op.li', password: DEMO_PASSWORD };
export const SUPERVISOR = { username: 'sup.wang', password: DEMO_PASSWORD };

export const at =
  (stepId: string, phase?: string) =>
  (v: OrderView): boolean =>
    v.current?.stepId === stepId && (phase === undefined || v.current.phase === phase);

/**
 * Runs the order as op.li. Pass `opts.sessionId` when the test holds its own op.li session: a
 * fresh login of the same account would end it (DI-11, one account, one live session).
 */
export async function runTo(
  d: DispensingStation,
  batchNumber: string,
  stopWhen?: (v: OrderView) => boolean,
  script?: Record<string, LineScript>,
  opts: { shareBooth?: boolean; sessionId?: string } = {},
): Promise<RunSummary> {
  const { sessionId } = opts;
  return unwrap(
    await runOrder(d.station, {
      batchNumber,
      ...(sessionId !== undefined ? { sessionId } : {}),
      boothId: DEMO_BOOTH,
      operator: OPERATOR,
      supervisor: SUPERVISOR,
      bench: d.bench,
      wait: async (ms) => d.clock.advance(ms),
      ...(stopWhen ? { stopWhen } : {}),
      ...(script ? { script } : {}),
      ...(opts.shareBooth ? { shareBooth: true } : {}),
    }),
  );
}

export function exec(d: DispensingStation, session: string, batchNumber: string, cmd: EngineCommandInput): Promise<Result<CommandOutcome>> {
  return d.station.engine.execute(session, batchNumber, cmd);
}

export function expectRefused(r: Result<unknown>, code: string): void {
  expect(r.ok ? 'accepted' : r.error.code).toBe(code);
}

export function refusalsOf(d: DispensingStation, batchNumber: string): { command: string; code: string; stepId: string | null }[] {
  return d.station.ledger
    .query({ batchRef: batchNumber, types: ['engine.command_refused'] })
    .map((e) => e.payload as { command: string; code: string; stepId: string | null });
}

export function view(d: DispensingStation, batchNumber: string): OrderView {
  return d.station.engine.view(batchNumber);
}

export interface PortionPlan {
  containerId: string;
  balanceId: string;
  /** Amount put on the pan after taring, in grams. */
  grams: string;
  partial?: boolean;
  acceptPartial?: boolean;
  balancePartial?: boolean;
}

/** Scan, select, tare, place, capture — one portion of the active weigh step, as op.li. */
export async function weighPortion(d: DispensingStation, session: string, batchNumber: string, stepId: string, p: PortionPlan): Promise<Result<CommandOutcome>> {
  const steps: EngineCommandInput[] = [
    { type: 'scan-container', stepId, scan: { containerId: p.containerId }, acceptPartial: p.acceptPartial ?? false },
    { type: 'select-balance', stepId, balanceId: p.balanceId, partial: p.balancePartial ?? false },
  ];
  for (const cmd of steps) {
    const r = await exec(d, session, batchNumber, cmd);
    if (!r.ok) return r;
  }
  d.bench.clear(p.balanceId);
  d.bench.place(p.balanceId, { amount: '50', unit: 'g' });
  const tared = await exec(d, session, batchNumber, { type: 'tare', stepId });
  if (!tared.ok) return tared;
  d.bench.place(p.balanceId, { amount: p.grams, unit: 'g' });
  return exec(d, session, batchNumber, { type: 'capture', stepId, partial: p.partial ?? false });
}

export const signAs = (meaning: string, who: { username: string; password: string }, targetSeq?: number): EngineCommandInput => ({
  type: 'sign',
  meaning: meaning as 'performed',
  username: who.username,
  password: who.password,
  ...(targetSeq !== undefined ? { targetSeq } : {}),
});
