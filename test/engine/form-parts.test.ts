/**
 * A form filled by more than one person (FR-105; docs/forms.md "Parts of a form"): the seed's
 * blending form with supervisor fields (test/fixtures/forms/two-person-form.ts). The operator
 * records their fields and signs "performed" while the step stays open; the supervisor is
 * refused an operator's field and a field already recorded, and "verified" waits until the form
 * is complete; a restart between the parts resumes from the ledger; the supervisor's part
 * completes the form and its calculation; each part is one ledger entry. The batch record (JSON
 * and PDF, en and zh-CN) names who filled each field and when, and replay re-decides each part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { replayBatch } from '../../src-main/core/engine/replay.ts';
import { DEFAULT_EXCEPTION_POLICY, findExceptions } from '../../src-server/quality/review/batch-exceptions.ts';
import { batchRecordHash } from '../../src-core/record/batch-record-hash.ts';
import { findReportFont } from '../../src-cli/qualify/report-font.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { blendRecipeSteps } from '../fixtures/forms/blend-recipe.ts';
import { at, exec, expectRefused, OPERATOR, refusalsOf, runTo, signAs, SUPERVISOR, view } from './engine-test-kit.ts';

const B = 'B-FORM-PARTS-1';
let d: DispensingStation;
let op: string;
let sup: string;

const blend = { temperature: 25.3, massA: 10.02, massB: 5.01, massC: 20.03, addedInOrder: true, stirrerSpeed: 60 };
const submit = (session: string, values: Record<string, unknown>) => exec(d, session, B, { type: 'submit-form', stepId: 'F20', values: values as Record<string, string> });
const formEntries = () => d.station.ledger.query({ batchRef: B, types: ['step.recorded', 'form.part_recorded'] }).filter((e) => (e.payload as { stepId: string }).stepId === 'F20');

beforeAll(async () => {
  d = await makeDispensingStation();
  d.revise('recipe', `${DEMO_RECIPE}@2`, blendRecipeSteps({ twoPerson: true, timerSeconds: 2 }));
  op = d.login('op.li');
  d.importOrder(B);
  await runTo(d, B, at('F10', 'ready'), undefined, { sessionId: op });
  expect((await exec(d, op, B, { type: 'submit-form', stepId: 'F10', values: { previousBatch: 'B-0099', materialsRemoved: true, labelsRemoved: true, equipmentClean: true } as Record<string, string | boolean> as Record<string, string> })).ok).toBe(true);
  await runTo(d, B, at('F20', 'ready'), undefined, { sessionId: op });
});
afterAll(() => d?.close());

describe('a form filled by more than one person', () => {
  it('FR-105 the operator records their part and signs it, the step stays open; the supervisor is refused an operator field and a field recorded already; a restart resumes; the supervisor completes it and verifies', async () => {
    // The operator may not fill the supervisor's fields, and must fill all of their own.
    expectRefused(await submit(op, { ...blend, sampleMass: 0.2 }), 'FORM_FIELD_ROLE_FORBIDDEN');
    const { stirrerSpeed: _left, ...withoutSpeed } = blend;
    expectRefused(await submit(op, withoutSpeed), 'FORM_VALUES_INVALID');
    const part1 = await submit(op, blend);
    expect(part1.ok, JSON.stringify(part1)).toBe(true);
    let v = view(d, B);
    expect(v.current).toMatchObject({ stepId: 'F20', phase: 'form-open', allowed: expect.arrayContaining(['submit-form', 'sign']) });
    expect(v.current!.form).toMatchObject({ values: blend, calculated: { totalMass: '35.060' }, open: ['sampleMass', 'orderChecked', 'netBlend'] });
    expect(v.current!.form!.filledBy.massA).toMatchObject({ username: 'op.li' });
    // "Verified" certifies the whole form: not while fields are open. The operator signs their part.
    expectRefused(await exec(d, op, B, signAs('verified', SUPERVISOR)), 'STEP_OUT_OF_SEQUENCE');
    expect(v.pendingSignatures).toEqual([expect.objectContaining({ stepId: 'F20', meanings: ['performed'] })]);
    expect((await exec(d, op, B, signAs('performed', OPERATOR))).ok).toBe(true);
    expect(view(d, B).current).toMatchObject({ stepId: 'F20', phase: 'form-open' });

    // Crash between the parts: the fold rebuilds the half-filled form from the ledger.
    d.restart();
    sup = d.login('sup.wang');
    op = d.login('op.li');
    v = view(d, B);
    expect(v.current).toMatchObject({ stepId: 'F20', phase: 'form-open' });
    expect(v.current!.form).toMatchObject({ values: blend, open: ['sampleMass', 'orderChecked', 'netBlend'] });

    const operatorField = await submit(sup, { operatorNote: 'ok', sampleMass: 0.2, orderChecked: true });
    expectRefused(operatorField, 'FORM_FIELD_ROLE_FORBIDDEN');
    expect(operatorField.ok ? null : operatorField.error.details).toMatchObject({ field: 'operatorNote', roles: ['operator'] });
    const twice = await submit(sup, { massB: 5.0, sampleMass: 0.2, orderChecked: true });
    expectRefused(twice, 'FORM_FIELD_ALREADY_RECORDED');
    expect(twice.ok ? null : twice.error.details).toMatchObject({ field: 'massB', recordedSeq: formEntries()[0]!.seq });
    expectRefused(await submit(sup, { sampleMass: 1.5, orderChecked: true }), 'FORM_VALUE_OUT_OF_LIMITS');
    expect(view(d, B).current).toMatchObject({ stepId: 'F20', phase: 'form-open' });

    const part2 = await submit(sup, { sampleMass: 0.25, orderChecked: true });
    expect(part2.ok, JSON.stringify(part2)).toBe(true);
    expect(view(d, B).current).toMatchObject({ stepId: 'F20', phase: 'need-signatures' });
    expectRefused(await submit(sup, { operatorNote: 'late' }), 'STEP_OUT_OF_SEQUENCE');
    expect((await exec(d, sup, B, signAs('verified', SUPERVISOR))).ok).toBe(true);
    expect(view(d, B).current?.stepId).not.toBe('F20');

    // One entry per accepted submission; each names only what it added.
    expect(formEntries().map((e) => [e.type, e.actor === null ? null : d.station.users.byId(e.actor)?.username, e.payload])).toEqual([
      ['form.part_recorded', 'op.li', expect.objectContaining({ recordSeq: null, values: blend, calculated: { totalMass: '35.060' }, open: ['sampleMass', 'orderChecked', 'netBlend'] })],
      ['form.part_recorded', 'sup.wang', expect.objectContaining({ recordSeq: formEntries()[0]!.seq, values: { sampleMass: 0.25, orderChecked: true }, calculated: { netBlend: '34.810' }, open: [] })],
    ]);
    expect(refusalsOf(d, B).filter((r) => r.command === 'sign').map((r) => r.code)).toEqual(['STEP_OUT_OF_SEQUENCE']);
    expect(refusalsOf(d, B).filter((r) => r.stepId === 'F20').map((r) => r.code)).toEqual([
      'FORM_FIELD_ROLE_FORBIDDEN',
      'FORM_VALUES_INVALID',
      'FORM_FIELD_ROLE_FORBIDDEN',
      'FORM_FIELD_ALREADY_RECORDED',
      'FORM_VALUE_OUT_OF_LIMITS',
      'STEP_OUT_OF_SEQUENCE',
    ]);
    // Replay re-decides both parts to the same values, calculations and open fields.
    const replayed = replayBatch(B, d.station.ledger.query({ batchRef: B }));
    expect(replayed.differences).toEqual([]);
  });

  it('FR-105 the batch record (JSON, and PDF in en and zh-CN) names who filled each field and when, and the signatures of the whole form', async () => {
    const rec = buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
    const blending = rec.steps.find((s) => s.stepId === 'F20')!;
    expect(blending.status).toBe('done');
    const [p1, p2] = formEntries();
    expect(blending.form).toMatchObject({ seq: p1!.seq, parts: [p1!.seq, p2!.seq] });
    const field = (name: string) => blending.form!.fields.find((f) => f.field === name)!;
    expect(field('massA')).toMatchObject({ value: 10.02, filledBy: { username: 'op.li' }, filledIn: { seq: p1!.seq, time: p1!.time } });
    expect(field('sampleMass')).toMatchObject({ value: 0.25, unit: 'kg', filledBy: { username: 'sup.wang' }, filledIn: { seq: p2!.seq, time: p2!.time } });
    expect(field('totalMass')).toMatchObject({ value: '35.060', filledBy: null, filledIn: { seq: p1!.seq } });
    expect(field('netBlend')).toMatchObject({ value: '34.810', calculation: 'totalMass - sampleMass', filledBy: null, filledIn: { seq: p2!.seq } });
    expect(field('operatorNote')).toMatchObject({ value: null, filledBy: null, filledIn: null });
    const ev = blending.events.find((e) => e.seq === p1!.seq)!;
    expect(ev.signatures.map((s) => [s.meaning, s.username])).toEqual([
      ['performed', 'op.li'],
      ['verified', 'sup.wang'],
    ]);
    expect(blending.events.find((e) => e.seq === p2!.seq)!.summary).toContain('sampleMass = 0.25');
    // The hub folds the same entries with the same code (src-core) in its review: both parts in
    // sequence, the form step done, so nothing after it is out of order; the same record hash.
    const entries = d.station.ledger.query({ batchRef: B });
    const findings = findExceptions(entries.map((e) => ({ ...e, receivedAt: d.clock.now() })), new Map(), DEFAULT_EXCEPTION_POLICY, d.clock.now());
    expect(findings.exceptions.filter((x) => x.kind === 'step-out-of-order')).toEqual([]);
    expect(batchRecordHash(B, entries)).toBe(rec.recordHash);
    for (const [lang, words] of [
      ['en', ['Retainedsample', '0.25kg', 'WangFang(王芳)(sup.wang),', 'LiWei(李伟)(op.li),', 'calculated:totalMass-sampleMass', '34.810kg']],
      ['zh-CN', ['留样量', '0.25kg', 'WangFang(王芳)(sup.wang),', '计算值：totalMass-sampleMass', '净混合量']],
    ] as const) {
      const pdf = await batchRecordPdf(rec, { locale: lang, font: findReportFont(undefined), printedBy: 'Chen Jing (qa.chen)', printedAt: d.clock.now(), printedAtOffset: '+08:00', softwareVersion: 'test' });
      const file = join(d.dir, `form-parts-${lang}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const w of words) expect(text, `${lang}: ${w}`).toContain(w);
      // The supervisor's row names the time of their part, in station time.
      expect(text, lang).toContain(`0.25kgWangFang(王芳)(sup.wang),${formatAtOffset(p2!.time, p2!.tzOffset, lang).replace(/\s+/g, '')}`);
    }
  });
});

/**
 * FR-116 (docs/forms.md "Corrections"): a recorded form value corrected, the original kept. The
 * same batch goes on: the cleaning form F40 (one person, at once) is corrected by its recorder
 * before it is verified; the blending form F20, verified and done, only by a supervisor; once the
 * order is complete, by nobody. Each correction is one entry naming the entry that recorded the
 * original, with the calculations it recomputed, and counts only with its recorder's "corrected"
 * signature.
 */
describe('corrections of recorded form values', () => {
  const cleaning = { equipmentId: 'BLD-01', cleaningType: 'minor', agent: 'detergent', detergentMl: 750, waterL: 150, durationMin: 45, rinseConductivity: 0.8, visuallyClean: true };
  const correct = (session: string, stepId: string, field: string, value: string | number | boolean, who = OPERATOR, extra: Record<string, unknown> = {}) =>
    exec(d, session, B, { type: 'correct-form-value', stepId, field, value, reason: 'misread the meter, checked again', username: who.username, password: who.password, ...extra } as never);
  const corrections = () => d.station.ledger.query({ batchRef: B, types: ['form.value_corrected'] });
  const formOf = (stepIndex: number) => d.station.engine.state(B).forms.get(stepIndex)!;

  it('FR-116 a recorded value is corrected with a reason and the corrector\'s "corrected" signature, calculations recomputed in the same entry; refused for a form or field never recorded, a calculated field (before who may correct), an unchanged or out-of-limits value, another signer; after verification only a supervisor; after completion nobody', async () => {
    await runTo(d, B, at('F40', 'ready'), undefined, { sessionId: op });
    const early = await correct(op, 'F40', 'waterL', 125);
    expectRefused(early, 'FORM_FIELD_NOT_RECORDED');
    expect(early.ok ? null : early.error.message).toBe('the form of step F40 has not been recorded yet');
    expect((await exec(d, op, B, { type: 'submit-form', stepId: 'F40', values: cleaning })).ok).toBe(true);
    expect((await exec(d, op, B, signAs('performed', OPERATOR))).ok).toBe(true);
    const recorded = d.station.ledger.query({ batchRef: B, types: ['step.recorded'] }).filter((e) => (e.payload as { stepId: string }).stepId === 'F40')[0]!;
    const f40 = (recorded.payload as { stepIndex: number }).stepIndex;

    expectRefused(await correct(op, 'F40', 'waterL', 125, OPERATOR, { reason: 'typo' }), 'INPUT_INVALID');
    // The step guards the form path shares (step-guards.ts): no such step, a step that is no form, an order not started.
    expectRefused(await correct(op, 'F99', 'waterL', 125), 'STEP_UNKNOWN');
    const timer = await correct(op, 'F30', 'waterL', 125);
    expectRefused(timer, 'STEP_COMMAND_INVALID');
    expect(timer.ok ? null : timer.error.message).toBe('"correct a form value" does not apply to timer step F30');
    d.importOrder(`${B}-NOT-STARTED`);
    expectRefused(await exec(d, op, `${B}-NOT-STARTED`, { type: 'correct-form-value', stepId: 'F40', field: 'waterL', value: 125, reason: 'misread the meter, checked again', username: OPERATOR.username, password: OPERATOR.password } as never), 'ORDER_NOT_STARTED');
    expectRefused(await correct(op, 'F40', 'swabId', 'SW-1'), 'FORM_FIELD_NOT_RECORDED');
    const stranger = await correct(op, 'F40', 'noSuchField', 1);
    expectRefused(stranger, 'FORM_FIELD_NOT_RECORDED');
    expect(stranger.ok ? null : stranger.error.message).toBe('"noSuchField" is not a field of this form');
    const calculated = await correct(op, 'F40', 'concentration', 0.6);
    expectRefused(calculated, 'FORM_FIELD_CALCULATED');
    expect(calculated.ok ? null : calculated.error).toMatchObject({ message: '"concentration" is calculated by the station: correct the values it is calculated from', details: { field: 'concentration', stepId: 'F40' } });
    expectRefused(await correct(op, 'F40', 'waterL', 150), 'FORM_CORRECTION_UNCHANGED');
    const over = await correct(op, 'F40', 'waterL', 600);
    expectRefused(over, 'FORM_VALUE_OUT_OF_LIMITS');
    expect(over.ok ? null : over.error.details).toMatchObject({ field: 'waterL', keyword: 'maximum', limit: 500 });
    expectRefused(await correct(op, 'F40', 'waterL', 125, SUPERVISOR), 'FORM_CORRECTION_SIGNER_MISMATCH');
    expect(corrections()).toEqual([]);
    // A wrong password: the correction entry stays (every attempt is recorded) but changes nothing.
    expectRefused(await correct(op, 'F40', 'waterL', 125, { ...OPERATOR, password: 'wrong-password-1' }), 'SIGNATURE_PASSWORD_INVALID');
    expect(corrections()).toHaveLength(1);
    expect(formOf(f40).values.waterL).toBe(150);

    const fixed = await correct(op, 'F40', 'waterL', 125);
    expect(fixed.ok, JSON.stringify(fixed)).toBe(true);
    expect(fixed.ok && fixed.value.appended.map((a) => a.type)).toEqual(['form.value_corrected', 'signature.applied']);
    const c1 = corrections()[1]!;
    expect(c1.payload).toMatchObject({ stepId: 'F40', recordSeq: recorded.seq, targetSeq: recorded.seq, supersedes: null, field: 'waterL', oldValue: 150, newValue: 125, calculated: [{ field: 'concentration', oldValue: '0.500', newValue: '0.600' }], afterVerification: false });
    expect(formOf(f40)).toMatchObject({ values: { waterL: 125 }, calculated: { concentration: '0.600' }, corrections: [{ seq: c1.seq, field: 'waterL', oldValue: 150, newValue: 125 }] });
    // The original entry is untouched.
    expect((d.station.ledger.bySeq(recorded.seq)!.payload as { result: { values: { waterL: number } } }).result.values.waterL).toBe(150);
    expect((await exec(d, sup, B, signAs('verified', SUPERVISOR))).ok).toBe(true);

    // Verified (F40) and done (F20): the operator no longer corrects; a supervisor does.
    expectRefused(await correct(op, 'F40', 'detergentMl', 700), 'FORM_CORRECTION_NEEDS_SUPERVISOR');
    // What is wrong with the field comes before who may correct it: a calculated value is refused
    // as calculated to the operator too (no supervisor could correct it), a value never recorded as such.
    expectRefused(await correct(op, 'F40', 'concentration', 0.6), 'FORM_FIELD_CALCULATED');
    expectRefused(await correct(sup, 'F40', 'concentration', 0.6, SUPERVISOR), 'FORM_FIELD_CALCULATED');
    expectRefused(await correct(op, 'F40', 'swabId', 'SW-1'), 'FORM_FIELD_NOT_RECORDED');
    expectRefused(await correct(op, 'F20', 'massB', 5.02), 'FORM_CORRECTION_NEEDS_SUPERVISOR');
    const late = await correct(sup, 'F20', 'massB', 5.02, SUPERVISOR, { reason: 'balance printout shows 5.02 kg' });
    expect(late.ok, JSON.stringify(late)).toBe(true);
    const [p1] = formEntries();
    expect(corrections()[2]!.payload).toMatchObject({ targetSeq: p1!.seq, recordSeq: p1!.seq, field: 'massB', oldValue: 5.01, newValue: 5.02, afterVerification: true, calculated: [{ field: 'totalMass', oldValue: '35.060', newValue: '35.070' }, { field: 'netBlend', oldValue: '34.810', newValue: '34.820' }] });

    expect((await exec(d, op, B, { type: 'complete-order' })).ok).toBe(true);
    expectRefused(await correct(sup, 'F20', 'massB', 5.0, SUPERVISOR), 'FORM_RECORD_CLOSED');
    expect(corrections()).toHaveLength(3);
    expect(replayBatch(B, d.station.ledger.query({ batchRef: B })).differences).toEqual([]);
  });

  it('FR-116 the batch record (JSON, PDF en and zh-CN) shows the original, the corrected value, who, when and why; the hub review lists each correction as an exception', async () => {
    const entries = d.station.ledger.query({ batchRef: B });
    const rec = buildBatchRecord(B, entries, { user: (id) => d.station.users.byId(id) });
    const blending = rec.steps.find((s) => s.stepId === 'F20')!;
    const [p1] = formEntries();
    const [, c1, c2] = corrections();
    const massB = blending.form!.fields.find((f) => f.field === 'massB')!;
    expect(massB).toMatchObject({ value: 5.02, filledBy: { username: 'op.li' }, filledIn: { seq: p1!.seq }, corrections: [{ seq: c2!.seq, oldValue: 5.01, newValue: 5.02, by: { username: 'sup.wang' }, time: c2!.time, reason: 'balance printout shows 5.02 kg', through: null }] });
    expect(blending.form!.fields.find((f) => f.field === 'netBlend')).toMatchObject({ value: '34.820', corrections: [{ seq: c2!.seq, oldValue: '34.810', newValue: '34.820', through: 'massB' }] });
    expect(blending.events.find((e) => e.seq === p1!.seq)!.corrections).toEqual([expect.objectContaining({ seq: c2!.seq, targetSeq: p1!.seq, reason: 'balance printout shows 5.02 kg', changes: expect.arrayContaining([{ path: 'massB', oldValue: 5.01, newValue: 5.02 }]) })]);
    const cleaningStep = rec.steps.find((s) => s.stepId === 'F40')!;
    expect(cleaningStep.form!.fields.find((f) => f.field === 'waterL')).toMatchObject({ value: 125, corrections: [{ seq: c1!.seq, oldValue: 150, by: { username: 'op.li' } }] });
    for (const [lang, words] of [
      ['en', [`CORRECTED(audit#${c2!.seq})from5.01kgto5.02kgbyWangFang(王芳)(sup.wang)`, 'reason:balanceprintoutshows5.02kg', `RECALCULATED(audit#${c2!.seq},massBcorrected)from34.810kgto34.820kg`]],
      ['zh-CN', [`已更正（审计号${c2!.seq}）：由5.01kg改为5.02kg，更正人WangFang(王芳)(sup.wang)`, '理由：balanceprintoutshows5.02kg']],
    ] as const) {
      const pdf = await batchRecordPdf(rec, { locale: lang, font: findReportFont(undefined), printedBy: 'Chen Jing (qa.chen)', printedAt: d.clock.now(), printedAtOffset: '+08:00', softwareVersion: 'test' });
      const file = join(d.dir, `form-corrections-${lang}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const w of words) expect(text, `${lang}: ${w}`).toContain(w);
    }
    const review = findExceptions(entries.map((e) => ({ ...e, receivedAt: d.clock.now() })), new Map(), DEFAULT_EXCEPTION_POLICY, d.clock.now());
    expect(review.exceptions.filter((x) => x.kind === 'correction').map((x) => [x.seq, x.params.field, x.params.signed, x.params.afterVerification])).toEqual([
      [corrections()[0]!.seq, 'waterL', false, false],
      [c1!.seq, 'waterL', true, false],
      [c2!.seq, 'massB', true, true],
    ]);
    expect(review.exceptions.filter((x) => x.kind === 'step-out-of-order' || x.kind === 'record-inconsistent')).toEqual([]);
  });
});
