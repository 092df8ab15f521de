/**
 * Issue 14's property: any recipe the designer can produce is either executable or refused with
 * a reason. The designer's own edits (add, remove, rename, move by drag and drop, of every step
 * type) are applied at random to the demo recipe; each result is judged as the designer judges
 * it (draftProblems: the hub's schema and cross-checks at save). A draft with reasons must place
 * every one on a node of the draft (or the header, the material lines, the check plans); a draft
 * without reasons goes to a station as the effective recipe, and the station's own engine runs an
 * order of it headless: it completes, or stops on a typed refusal that has words in both
 * languages. Nothing may throw, hang or be refused without a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEMO_RECIPE, demoMasterData } from '../../src-main/demo/demo-master-data.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import { STEP_TYPES, type StepType } from '../../src-shared/recipe/recipe-step.ts';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { addOperation, addStep, allSteps, applyDrop, draftOf, draftProblems, removeNode, renameNode, type Draft } from '../../src-console/recipe/recipe-draft.ts';
import { DEMO_BOOTH, START, makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { OPERATOR, SUPERVISOR } from '../engine/engine-test-kit.ts';

type Edit =
  | { kind: 'add'; op: number; type: StepType }
  | { kind: 'remove'; step: number }
  | { kind: 'rename'; step: number; name: string }
  | { kind: 'drop'; step: number; over: number }
  | { kind: 'add-operation' };

// Weighted so that both sides are reached often: most edits to a valid recipe keep it valid
// (rename, drag and drop), a new step of a random type with its neutral start mostly does not.
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), op: fc.nat(9), type: fc.constantFrom(...STEP_TYPES) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), step: fc.nat(40) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('rename' as const), step: fc.nat(40), name: fc.string({ maxLength: 12 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), step: fc.nat(40), over: fc.nat(40) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('add-operation' as const) }), weight: 1 },
);

function applyEdit(d: Draft, e: Edit): Draft {
  const steps = allSteps(d);
  const ops = d.unitProcedures.flatMap((u) => u.operations);
  const pick = <T,>(xs: T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
  switch (e.kind) {
    case 'add': {
      const op = pick(ops, e.op);
      return op ? addStep(d, op.operationId, e.type).draft : d;
    }
    case 'remove': {
      const s = pick(steps, e.step);
      return s ? removeNode(d, `step:${s.stepId}`) : d;
    }
    case 'rename': {
      const s = pick(steps, e.step);
      return s ? renameNode(d, `step:${s.stepId}`, e.name) : d;
    }
    case 'drop': {
      const s = pick(steps, e.step);
      const targets = [...steps.map((x) => `step:${x.stepId}`), ...ops.map((o) => `op:${o.operationId}`)];
      return s ? applyDrop(d, `step:${s.stepId}`, pick(targets, e.over) ?? null) : d;
    }
    case 'add-operation': {
      const up = d.unitProcedures[0];
      return up ? addOperation(d, up.unitProcedureId) : d;
    }
  }
}

const HEADER_PLACES = new Set(['recipe', 'materials', 'checks']);
const placesOf = (d: Draft): Set<string> =>
  new Set([...HEADER_PLACES, ...d.unitProcedures.flatMap((u) => [`up:${u.unitProcedureId}`, ...u.operations.flatMap((o) => [`op:${o.operationId}`, ...o.steps.map((s) => `step:${s.stepId}`)])])]);

describe('recipes the designer can produce (issue 14)', () => {
  let d: DispensingStation;
  let base: Draft;
  beforeAll(async () => {
    d = await makeDispensingStation({ inMemoryFs: true });
    const demo = demoMasterData(START).find((c) => c.kind === 'recipe' && c.key === `${DEMO_RECIPE}@2`)!;
    base = draftOf(demo.data as Record<string, unknown>);
  });
  afterAll(() => d?.close());

  it('FR-95 every recipe the designer can produce is refused with placed reasons, or the station runs it to the end or stops on a typed refusal worded in both languages', async () => {
    const seen = { refusedAtDesign: 0, ran: 0, completed: 0, stoppedTyped: 0 };
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const draft = edits.reduce(applyEdit, base);
        const problems = draftProblems(draft, DEMO_RECIPE);
        if (problems.length > 0) {
          seen.refusedAtDesign += 1;
          const places = placesOf(draft);
          for (const p of problems) {
            expect(p.message.trim()).not.toBe('');
            expect(places.has(p.at), `reason "${p.message}" placed at ${p.at}`).toBe(true);
          }
          return;
        }
        seen.ran += 1;
        d.revise('recipe', `${DEMO_RECIPE}@2`, { materialLines: draft.materialLines, unitProcedures: draft.unitProcedures });
        batch += 1;
        const batchNumber = `PROP-${batch}`;
        // A fresh station (a copy of the seeded template) for each run: stock, booth and clock
        // are the plant's state, not the recipe's business.
        d.close();
        d = await makeDispensingStation({ inMemoryFs: true });
        d.importOrder(batchNumber);
        const run = await runOrder(d.station, {
          batchNumber,
          sessionId: d.login(OPERATOR.username),
          boothId: DEMO_BOOTH,
          operator: OPERATOR,
          supervisor: SUPERVISOR,
          bench: d.bench,
          maxCommands: 400,
          wait: async (ms) => d.clock.advance(ms),
        });
        if (run.ok) {
          expect(run.value.view.status, `${batchNumber} ran ${run.value.commands} commands and did not finish`).toBe('complete');
          seen.completed += 1;
        } else {
          const code = run.error.code as ErrorCode;
          expect(errorsEn[code], `${code} has English words`).toBeTruthy();
          expect(errorsZhCN[code], `${code} has Chinese words`).toBeTruthy();
          seen.stoppedTyped += 1;
        }
      }),
      { numRuns: 40, seed: 1405 },
    );
    // The property is only worth something if both sides were reached.
    expect(seen.refusedAtDesign).toBeGreaterThan(0);
    expect(seen.completed).toBeGreaterThanOrEqual(3);
    expect(seen.completed + seen.stoppedTyped).toBe(seen.ran);
  });
});
