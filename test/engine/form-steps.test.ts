/**
 * Step forms at the station (issue 14 item 2; FR-98): the seed's three forms (test fixture
 * test/fixtures/forms/blend-recipe.json) run to completion through the engine — values checked,
 * calculations computed exactly, one `step.recorded` entry each, then the required signatures —
 * with an out-of-limit value and a field filled by the wrong role refused and recorded as
 * refusals; the batch record (JSON and PDF, en and zh-CN) shows every field with its unit, the
 * calculated values and who filled them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { demoFormRecipe } from '../../src-main/demo/demo-form-recipe.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { findReportFont } from '../../src-cli/qualify/report-font.ts';
import { blendRecipeJson, blendRecipeSteps } from '../fixtures/forms/blend-recipe.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, refusalsOf, runTo, view } from './engine-test-kit.ts';

const B = 'B-FORM-1';
let d: DispensingStation;
let op: string;

beforeAll(async () => {
  d = await makeDispensingStation();
  // The fixture is the demo seed's recipe BLEND-DEMO, to the letter.
  expect(blendRecipeJson()).toEqual(JSON.parse(JSON.stringify(demoFormRecipe(1, 'effective'))));
  // The fixture's steps as the next version of the demo recipe (its training and product stay);
  // the 30-minute stirring shortened to 2 s, so the station's idle lock does not end the session.
  d.revise('recipe', `${DEMO_RECIPE}@2`, blendRecipeSteps({ timerSeconds: 2 }));
  op = d.login('op.li');
  d.importOrder(B);
});
afterAll(() => d?.close());

const submit = (stepId: string, values: Record<string, unknown>) => exec(d, op, B, { type: 'submit-form', stepId, values: values as Record<string, string> });

describe('form steps', () => {
  it('FR-98 the seed forms run to completion: wrong role and out-of-limit values refused, values and exact calculations recorded once, then signed', async () => {
    await runTo(d, B, at('F10', 'ready'), undefined, { sessionId: op });
    const clearance = { previousBatch: 'B-0099', materialsRemoved: true, labelsRemoved: true, equipmentClean: true };
    // Only a supervisor or QA releases the room for the next batch: op.li sees it read-only.
    const wrongRole = await submit('F10', { ...clearance, releasedForNextBatch: true });
    expectRefused(wrongRole, 'FORM_FIELD_ROLE_FORBIDDEN');
    expect(wrongRole.ok ? null : wrongRole.error.details).toMatchObject({ field: 'releasedForNextBatch', roles: ['supervisor', 'qa'] });
    expect((await submit('F10', clearance)).ok).toBe(true);
    expect(view(d, B).current).toMatchObject({ stepId: 'F10', phase: 'need-signatures' });

    await runTo(d, B, at('F20', 'ready'), undefined, { sessionId: op });
    const blend = { temperature: 27.4, massA: 10.02, massB: 5.01, massC: 20.03, addedInOrder: true, stirrerSpeed: 60 };
    const hot = await submit('F20', blend);
    expectRefused(hot, 'FORM_VALUE_OUT_OF_LIMITS');
    expect(hot.ok ? null : hot.error).toMatchObject({ message: 'temperature 27.4 °C is above its maximum 27 °C', details: { field: 'temperature', keyword: 'maximum', limit: 27, unit: '°C' } });
    expect((await submit('F20', { ...blend, temperature: 25.3 })).ok).toBe(true);

    await runTo(d, B, at('F40', 'ready'), undefined, { sessionId: op });
    const cleaning = { equipmentId: 'BLD-01', cleaningType: 'major', agent: 'detergent', detergentMl: 750, waterL: 150, durationMin: 45, rinseConductivity: 0.8, visuallyClean: true };
    const noSwab = await submit('F40', cleaning);
    expectRefused(noSwab, 'FORM_VALUES_INVALID');
    expect(noSwab.ok ? null : noSwab.error.details).toMatchObject({ field: 'swabId', keyword: 'required' });
    expect((await submit('F40', { ...cleaning, swabId: 'SW-2026-031' })).ok).toBe(true);
    await runTo(d, B, undefined, undefined, { sessionId: op });
    expect(view(d, B).status).toBe('complete');

    expect(refusalsOf(d, B).map((r) => [r.stepId, r.code])).toEqual([
      ['F10', 'FORM_FIELD_ROLE_FORBIDDEN'],
      ['F20', 'FORM_VALUE_OUT_OF_LIMITS'],
      ['F40', 'FORM_VALUES_INVALID'],
    ]);
    const recorded = d.station.ledger.query({ batchRef: B, types: ['step.recorded'] }).filter((e) => (e.payload as { stepType: string }).stepType === 'form');
    expect(recorded.map((e) => e.payload)).toEqual([
      expect.objectContaining({ stepId: 'F10', result: { values: clearance, calculated: {} } }),
      expect.objectContaining({ stepId: 'F20', result: { values: { ...blend, temperature: 25.3 }, calculated: { totalMass: '35.060' } } }),
      expect.objectContaining({ stepId: 'F40', result: { values: { ...cleaning, swabId: 'SW-2026-031' }, calculated: { concentration: '0.500' } } }),
    ]);
  });

  it('FR-98 the batch record (JSON, and PDF in en and zh-CN) shows each form field with its unit, the calculated values and who filled them, and the signatures', async () => {
    const rec = buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
    const blending = rec.steps.find((s) => s.stepId === 'F20')!;
    expect(blending.status).toBe('done');
    const field = (name: string) => blending.form!.fields.find((f) => f.field === name);
    expect(field('massA')).toMatchObject({ title: 'A added (first)', titleZh: 'A 加入量（第一）', value: 10.02, unit: 'kg', calculation: null, filledBy: { username: 'op.li' } });
    expect(field('totalMass')).toMatchObject({ value: '35.060', unit: 'kg', calculation: 'massA + massB + massC', filledBy: null });
    expect(blending.form!.fields.map((f) => f.field)).toEqual(['temperature', 'massA', 'massB', 'massC', 'addedInOrder', 'totalMass', 'stirrerSpeed']);
    const ev = blending.events.find((e) => e.seq === blending.form!.seq)!;
    expect(ev.signatures.map((s) => [s.meaning, s.username])).toEqual([
      ['performed', 'op.li'],
      ['verified', 'sup.wang'],
    ]);
    expect(rec.steps.find((s) => s.stepId === 'F40')!.form!.fields.map((f) => f.field)).toContain('swabId');
    for (const [lang, words] of [
      ['en', ['Form:Blending', 'Aadded(first)', '10.02kg', 'calculated:massA+massB+massC', '35.060kg', 'Swabsampleid', 'SW-2026-031']],
      ['zh-CN', ['表单：混合', 'A加入量（第一）', '10.02kg', '计算值：massA+massB+massC', '擦拭样品编号', '清洁类型']],
    ] as const) {
      const pdf = await batchRecordPdf(rec, { locale: lang, font: findReportFont(undefined), printedBy: 'Chen Jing (qa.chen)', printedAt: d.clock.now(), printedAtOffset: '+08:00', softwareVersion: 'test' });
      const file = join(d.dir, `form-${lang}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const w of words) expect(text, `${lang}: ${w}`).toContain(w);
    }
  });
});
