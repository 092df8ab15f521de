/**
 * FR-124: one batch record, one truth about a stale signed correction. A correction of a form
 * value names the value it replaces; when it is signed "corrected" after another correction of
 * the same field took effect, the value it names is no longer in force. The station's order fold
 * (every batch record is built from it) and the hub's review by exception must say the same
 * thing about it: the value stays what the fold shows, and QA sees the stale correction as its
 * own exception — neither silently applied nor silently dropped.
 *
 * From the QA reviewer's seat, through the real hub: a real station (engine commands, real
 * e-signatures through the station's signature service), the ordinary sync and intake, and the
 * review QA reads (GET /api/v1/quality/batches/:batch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from 'i18next';
import { consoleEn } from '../../src-console/i18n/en.ts';
import { consoleZhCN } from '../../src-console/i18n/zh-CN.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { replayOrder } from '../../src-core/order/evolve-order.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { recordBlendForm } from './support/form-parts-hub.ts';

let q: QualityHub;

beforeAll(async () => {
  q = await startQualityHub('pglite');
}, 120_000);
afterAll(async () => {
  await q?.close();
});

describe('a stale signed correction of a form value (FR-124)', () => {
  it('FR-124 a correction signed after another correction of the same field took effect changes nothing, in the fold and in QA\'s review alike, and QA sees it as a stale correction', async () => {
    const st = q.station;
    const B = 'B-FORM-STALE-1';
    const { sup, run } = await recordBlendForm(q, B);
    // Correction A: 10.02 → 10.03, the signature fails (wrong password): recorded, without effect.
    await run(sup, { type: 'correct-form-value', stepId: 'F20', field: 'massA', value: 10.03, reason: 'scale printout reads 10.03 kg', password: 'not-the-password', username: 'sup.wang' }, false);
    // Correction B: 10.02 → 10.05, signed: in force.
    await run(sup, { type: 'correct-form-value', stepId: 'F20', field: 'massA', value: 10.05, reason: 'second printout reads 10.05 kg', password: DEMO_PASSWORD, username: 'sup.wang' });
    const [a, b] = st.ledger.query({ batchRef: B, types: ['form.value_corrected'] });
    expect([a!.payload, b!.payload]).toMatchObject([{ oldValue: 10.02, newValue: 10.03 }, { oldValue: 10.02, newValue: 10.05 }]);
    // A is signed "corrected" by its recorder afterwards: it names 10.02, the value in force is 10.05.
    st.clock.advance(20_000);
    unwrap(st.signatures.sign({ sessionId: sup, targetSeq: a!.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'sup.wang' }));

    // The fold (what every batch record shows): massA stays 10.05; A is kept as stale.
    const fold = replayOrder(B, st.ledger.query({ batchRef: B }));
    const form = [...fold.forms.values()].find((f) => f.values.massA !== undefined)!;
    expect(form.values.massA).toBe(10.05);
    expect(form.corrections.map((c) => c.seq)).toEqual([b!.seq]);
    expect(fold.correctionOutcomes.get(a!.seq)).toEqual({ seq: a!.seq, effect: 'stale', valueInForce: 10.05 });
    expect(fold.correctionOutcomes.get(b!.seq)).toEqual({ seq: b!.seq, effect: 'applied', valueInForce: 10.02 });

    // Correction C: 10.05 → 10.04, its signature fails: without effect, in the fold and for QA.
    await run(sup, { type: 'correct-form-value', stepId: 'F20', field: 'massA', value: 10.04, reason: 'third printout reads 10.04 kg', password: 'not-the-password', username: 'sup.wang' }, false);
    const c = st.ledger.query({ batchRef: B, types: ['form.value_corrected'] })[2]!;
    expect(replayOrder(B, st.ledger.query({ batchRef: B })).correctionOutcomes.get(c.seq)).toEqual({ seq: c.seq, effect: 'unsigned' });

    // B signed "corrected" a second time changes nothing more; C signed by someone other than its recorder stays without effect.
    st.clock.advance(20_000);
    const again = st.signatures.sign({ sessionId: sup, targetSeq: b!.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'sup.wang' });
    const op = unwrap(st.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    st.clock.advance(20_000);
    const other = st.signatures.sign({ sessionId: op, targetSeq: c.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'op.li' });
    const refold = replayOrder(B, st.ledger.query({ batchRef: B }));
    expect([refold.correctionOutcomes.get(b!.seq)?.effect, refold.correctionOutcomes.get(c.seq)?.effect, [...refold.forms.values()].find((f) => f.values.massA !== undefined)!.values.massA]).toEqual(['applied', 'unsigned', 10.05]);
    // The station refuses a second "corrected" signature of B; it takes the other person's, which the fold does not count.
    expect([again.ok, other.ok]).toEqual([false, true]);

    // The batch record's lines (station record view, printed copy, CLI): only B reads as a
    // correction in force; A says it was not applied and why, C that it was not signed.
    const record = buildBatchRecord(B, st.ledger.query({ batchRef: B }), { user: (id) => st.users.byId(id) });
    const ev = (seq: number) => record.steps.flatMap((x) => x.events).find((x) => x.seq === seq)!;
    const text = (seq: number, locale: 'en' | 'zh-CN') => renderRecordLine(describeEntry(ev(seq).type, ev(seq).data, ev(seq).correctionNotApplied), locale);
    expect(ev(a!.seq).correctionNotApplied).toEqual({ effect: 'stale', valueInForce: '10.05' });
    expect(ev(a!.seq).summary).toMatch(/^Form value correction \(entry \d+\) NOT APPLIED: stale \(value in force 10\.05\): massA 10\.02 → 10\.03;.*; signed when massA was already 10\.05, the value stays 10\.05; reason: scale printout/);
    expect(text(a!.seq, 'en')).toBe(ev(a!.seq).summary);
    expect(text(a!.seq, 'zh-CN')).toContain('未生效：已过时（现行值 10.05）');
    expect(ev(b!.seq).correctionNotApplied).toBeUndefined();
    expect(ev(b!.seq).summary).toMatch(/^Form value corrected \(entry \d+\): massA 10\.02 → 10\.05/);
    expect(ev(c.seq).summary).toMatch(/NOT SIGNED "corrected" by its recorder: no effect, not applied: massA 10\.05 → 10\.04;/);
    expect(text(c.seq, 'zh-CN')).toContain('未经其记录人以“更正”签名：无效');

    // QA's seat: the review the hub builds from the synced ledger says the same.
    await q.sync();
    const res = await q.hub.api<BatchReview>('GET', `/api/v1/quality/batches/${B}`, undefined, await q.token('qa.hub'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const about = (seq: number) => res.body.exceptions.filter((x) => x.seq === seq && x.kind.startsWith('correction'));
    // B: a correction in force, 10.02 → 10.05.
    expect(about(b!.seq)).toEqual([expect.objectContaining({ kind: 'correction', severity: 'major', params: expect.objectContaining({ field: 'massA', oldValue: '10.02', newValue: '10.05', signed: true }) })]);
    expect(about(c.seq)).toEqual([expect.objectContaining({ kind: 'correction', params: expect.objectContaining({ oldValue: '10.05', newValue: '10.04', signed: false }) })]);
    // The review's record lines say it too.
    const line = (seq: number) => res.body.record.find((x) => x.seq === seq)!;
    expect(line(a!.seq).summary).toBe(ev(a!.seq).summary);
    expect(line(a!.seq).line.key).toBe('formValueCorrectionStale');
    expect(line(b!.seq).line.key).toBe('formValueCorrected');
    expect(line(c.seq).line.key).toBe('formValueCorrectionUnsigned');
    // A: never shown as a correction in force; listed as stale, naming the value in force.
    expect(about(a!.seq)).toEqual([
      expect.objectContaining({
        kind: 'correction-stale',
        severity: 'major',
        params: expect.objectContaining({ targetSeq: a!.payload.targetSeq, field: 'massA', oldValue: '10.02', valueInForce: '10.05', newValue: '10.03', signed: true, correctedBy: st.userId('sup.wang') }),
      }),
    ]);
  }, 120_000);

  it('FR-125 a correction names the entry whose value it replaces: a field corrected v0 → v1 → v0 lets no correction written against the first v0 take effect, in the fold and in QA\'s review alike; entries from before FR-125 (no replacesSeq) keep the rule by value', async () => {
    const st = q.station;
    const B = 'B-FORM-STALE-2';
    const { sup, run } = await recordBlendForm(q, B, { shareBooth: true });
    const supId = st.userId('sup.wang');
    const correct = (field: string, value: number, reason: string, password = DEMO_PASSWORD, extra: Record<string, unknown> = {}) => ({ type: 'correct-form-value', stepId: 'F20', field, value, reason, password, username: 'sup.wang', ...extra }) as EngineCommandInput;
    const corrections = () => st.ledger.query({ batchRef: B, types: ['form.value_corrected'] });
    // A: 10.02 → 10.03, its signature fails: recorded against the recording of massA, without effect.
    await run(sup, correct('massA', 10.03, 'scale printout reads 10.03 kg', 'not-the-password'), false);
    // B: 10.02 → 10.05 and C: 10.05 → 10.02, both signed: massA holds 10.02 again, now C's.
    await run(sup, correct('massA', 10.05, 'second printout reads 10.05 kg'));
    await run(sup, correct('massA', 10.02, 'the second printout was of another drum'));
    const [a, b, c] = corrections();
    const recording = (a!.payload as { targetSeq: number }).targetSeq;
    expect([a, b, c].map((x) => (x!.payload as { replacesSeq?: number }).replacesSeq)).toEqual([recording, recording, b!.seq]);
    // A signed now: it names 10.02, and 10.02 is in force, but not the recording's: stale.
    st.clock.advance(20_000);
    unwrap(st.signatures.sign({ sessionId: sup, targetSeq: a!.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'sup.wang' }));
    const fold = replayOrder(B, st.ledger.query({ batchRef: B }));
    const form = [...fold.forms.values()].find((f) => f.values.massA !== undefined)!;
    expect(form.values.massA).toBe(10.02);
    expect(form.corrections.map((x) => x.seq)).toEqual([b!.seq, c!.seq]);
    expect(fold.correctionOutcomes.get(a!.seq)).toEqual({ seq: a!.seq, effect: 'stale', valueInForce: 10.02 });
    // Its record line says why it is stale though 10.02 is in force (en + zh-CN).
    const record = buildBatchRecord(B, st.ledger.query({ batchRef: B }), { user: (id) => st.users.byId(id) });
    const ev = record.steps.flatMap((x) => x.events).find((x) => x.seq === a!.seq)!;
    expect(renderRecordLine(describeEntry(ev.type, ev.data, ev.correctionNotApplied), 'en')).toMatch(/NOT APPLIED: stale \(the value it replaces, 10\.02, was corrected by others and back to 10\.02 before it was signed\): massA 10\.02 → 10\.03/);
    expect(renderRecordLine(describeEntry(ev.type, ev.data, ev.correctionNotApplied), 'zh-CN')).toContain('其所替换的值 10.02 在其签名前已被他人更正，又改回 10.02');

    // The screen names the entry whose value it showed: one shown before C took effect is refused, nothing written.
    st.clock.advance(20_000);
    const late = await st.engine.execute(sup, B, correct('massA', 10.04, 'printout of the first drum reads 10.04', DEMO_PASSWORD, { replaces: b!.seq }));
    expect(late.ok ? 'accepted' : late.error.code).toBe('FORM_VALUE_CORRECTED_SINCE');
    expect(corrections()).toHaveLength(3);

    // The same ledger as it would read before FR-125 (no replacesSeq): A is matched by value, as then.
    const legacy = st.ledger.query({ batchRef: B }).map((e) => (e.type === 'form.value_corrected' ? { ...e, payload: Object.fromEntries(Object.entries(e.payload as object).filter(([k]) => k !== 'replacesSeq')) } : e));
    const old = replayOrder(B, legacy);
    expect(old.correctionOutcomes.get(a!.seq)?.effect).toBe('applied');
    expect([...old.forms.values()].find((f) => f.values.massA !== undefined)!.values.massA).toBe(10.03);

    // An entry written before FR-125 (hand-made here: no replacesSeq) still verifies at the hub and keeps the rule by value:
    // massB 5.01 → 5.00 left unsigned, then 5.01 → 5.02 → 5.01, then it is signed: applied, as it was then.
    const template = b!.payload as Record<string, unknown>;
    const [legacyA] = unwrap(
      st.ledger.append([{ type: 'form.value_corrected', actor: supId, batchRef: B, payload: Object.fromEntries(Object.entries({ ...template, supersedes: null, field: 'massB', oldValue: 5.01, newValue: 5.0, calculated: [], reason: 'entered before FR-125: 5.00 kg' }).filter(([k]) => k !== 'replacesSeq')) }]),
    );
    await run(sup, correct('massB', 5.02, 'printout of drum B reads 5.02 kg'));
    await run(sup, correct('massB', 5.01, 'printout of drum B was of drum C'));
    st.clock.advance(20_000);
    unwrap(st.signatures.sign({ sessionId: sup, targetSeq: legacyA!.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'sup.wang' }));
    const now = replayOrder(B, st.ledger.query({ batchRef: B }));
    expect(now.correctionOutcomes.get(legacyA!.seq)?.effect).toBe('applied');
    expect([...now.forms.values()].find((f) => f.values.massB !== undefined)!.values.massB).toBe(5.0);

    // QA's seat: the hub takes every entry (the chain and the signatures verify) and reviews by the same rule.
    await q.sync();
    const res = await q.hub.api<BatchReview>('GET', `/api/v1/quality/batches/${B}`, undefined, await q.token('qa.hub'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const about = (seq: number) => res.body.exceptions.filter((x) => x.seq === seq && x.kind.startsWith('correction'));
    expect(about(a!.seq)).toEqual([expect.objectContaining({ kind: 'correction-stale', severity: 'major', params: expect.objectContaining({ field: 'massA', oldValue: '10.02', valueInForce: '10.02', newValue: '10.03', signed: true }) })]);
    expect(res.body.record.find((x) => x.seq === a!.seq)!.line.key).toBe('formValueCorrectionStaleReturned');
    // The console words QA reads for it hold in this case too (no "signed when massA was already 10.02" beside 10.02 → 10.03).
    const stale = about(a!.seq)[0]!;
    for (const [lng, translation, says] of [['en', consoleEn, 'names a value another correction had already replaced when it was signed: not applied, massA stays 10.02'], ['zh-CN', consoleZhCN, '所指的值在签名时已被另一更正取代：未生效，massA 仍为 10.02']] as const) {
      const i18n = createInstance();
      await i18n.init({ resources: { [lng]: { translation } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
      expect(i18n.t('exception.correction-stale', stale.params as Record<string, unknown>)).toContain(says);
    }
    expect(about(c!.seq)).toEqual([expect.objectContaining({ kind: 'correction', params: expect.objectContaining({ oldValue: '10.05', newValue: '10.02', signed: true }) })]);
    expect(about(legacyA!.seq)).toEqual([expect.objectContaining({ kind: 'correction', params: expect.objectContaining({ field: 'massB', oldValue: '5.01', newValue: '5', signed: true }) })]);
  }, 120_000);

  it('FR-124 a signed correction naming a calculated field or a field the form does not have (hand-made, correctly signed: the engine refuses to write one) is record inconsistent in the fold, the batch record and QA\'s review (critical), never stale and never applied', async () => {
    const st = q.station;
    const B = 'B-FORM-STALE-3';
    const { sup } = await recordBlendForm(q, B, { shareBooth: true });
    const part = st.ledger.query({ batchRef: B, types: ['step.recorded', 'form.part_recorded'] }).find((e) => (e.payload as { stepId: string }).stepId === 'F20')!;
    const stepIndex = (part.payload as { stepIndex: number }).stepIndex;
    const before = replayOrder(B, st.ledger.query({ batchRef: B })).forms.get(stepIndex)!;
    const calculatedField = Object.keys(before.calculated)[0]!;
    const handMade = (field: string, oldValue: string | number, newValue: string | number) => {
      const payload = { stepId: 'F20', stepIndex, stepType: 'form', recordSeq: before.recordSeq, targetSeq: part.seq, supersedes: null, replacesSeq: part.seq, field, oldValue, newValue, calculated: [], reason: 'written around the engine for this test', afterVerification: true };
      st.clock.advance(20_000);
      const [e] = unwrap(st.ledger.append([{ type: 'form.value_corrected', actor: st.userId('sup.wang'), batchRef: B, payload }]));
      st.clock.advance(20_000);
      unwrap(st.signatures.sign({ sessionId: sup, targetSeq: e!.seq, meaning: 'corrected', password: DEMO_PASSWORD, username: 'sup.wang' }));
      return e!;
    };
    const calc = handMade(calculatedField, before.calculated[calculatedField]!, '99.99');
    const none = handMade('notAField', 1, 2);

    const fold = replayOrder(B, st.ledger.query({ batchRef: B }));
    const form = fold.forms.get(stepIndex)!;
    expect([fold.correctionOutcomes.get(calc.seq), fold.correctionOutcomes.get(none.seq)]).toEqual([
      { seq: calc.seq, effect: 'inconsistent' },
      { seq: none.seq, effect: 'inconsistent' },
    ]);
    expect([form.calculated[calculatedField], form.values.notAField, form.corrections]).toEqual([before.calculated[calculatedField], undefined, []]);
    const record = buildBatchRecord(B, st.ledger.query({ batchRef: B }), { user: (id) => st.users.byId(id) });
    const ev = (seq: number) => record.steps.flatMap((x) => x.events).find((x) => x.seq === seq)!;
    expect([ev(calc.seq).correctionNotApplied, ev(none.seq).correctionNotApplied]).toEqual([{ effect: 'inconsistent' }, { effect: 'inconsistent' }]);
    expect(renderRecordLine(describeEntry(ev(calc.seq).type, ev(calc.seq).data, ev(calc.seq).correctionNotApplied), 'zh-CN')).not.toBe(renderRecordLine(describeEntry(ev(calc.seq).type, ev(calc.seq).data, ev(calc.seq).correctionNotApplied), 'en'));

    await q.sync();
    const res = await q.hub.api<BatchReview>('GET', `/api/v1/quality/batches/${B}`, undefined, await q.token('qa.hub'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const [e, field] of [[calc, calculatedField], [none, 'notAField']] as const) {
      expect(res.body.exceptions.filter((x) => x.seq === e.seq && x.kind.startsWith('correction'))).toEqual([expect.objectContaining({ kind: 'correction-inconsistent', severity: 'critical', params: expect.objectContaining({ field, signed: true }) })]);
      expect(res.body.record.find((x) => x.seq === e.seq)!.line.key).toBe('formValueCorrectionInconsistent');
    }
  }, 120_000);
});
