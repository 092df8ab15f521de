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

export async function runTo(d: DispensingStation, batchNumber: string, stopWhen?: (v: OrderView) => boolean, script?: Record<string, LineScript>): Promise<RunSummary> {
  return unwrap(
    await runOrder(d.station, {
      batchNumber,
      boothId: DEMO_BOOTH,
      operator: OPERATOR,
      supervisor: SUPERVISOR,
      bench: d.bench,
      wait: async (ms) => d.clock.advance(ms),
      ...(stopWhen ? { stopWhen } : {}),
      ...(script ? { script } : {}),
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
