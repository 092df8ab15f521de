/**
 * Verification at the point of use (issue 17 item 4): each kit container scanned again at its
 * charge step and charged with the operator's signature. A container of another batch or
 * another step, one already charged, or one past its hold time (the injected clock moved past
 * it) is refused by code, recorded as an attempt and changes nothing; the step cannot be
 * completed while a container is missing. The batch record shows each charge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { findReportFont } from '../../src-cli/qualify/report-font.ts';
import type { DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, refusalsOf, runTo, view } from './engine-test-kit.ts';
import { kitStation, orderAt, scanOf } from './kit-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());

const B = 'B-CHG-1';
const OTHER = 'B-CHG-2';
const charge = (stepId: string, containerId: string, who = OPERATOR) => ({ type: 'charge-container' as const, stepId, scan: scanOf(containerId), ...who });

describe('charge at the point of use', () => {
  it('FR-25 a container of another batch, of another step or charged twice is refused; a missing one blocks completion; refusals are recorded and change nothing', async () => {
    d = await kitStation();
    const s = d.login('op.li');
    await orderAt(d, OTHER, 'S41', s);
    await orderAt(d, B, 'S41', s);
    const api = view(d, B).current!.kit!.containers;
    expect(api.every((c) => c.lineId === 'L10' && !c.done)).toBe(true);
    const foreign = view(d, OTHER).current!.kit!.containers[0]!.containerId;
    const povidone = d.station.ledger.query({ batchRef: B, types: ['kit.container_scanned'] }).map((e) => e.payload as { containerId: string; lineId: string }).find((p) => p.lineId === 'L30')!.containerId;
    const charged = () => d.station.ledger.query({ batchRef: B, types: ['kit.container_charged'] }).length;

    expectRefused(await exec(d, s, B, charge('S41', foreign)), 'KIT_CONTAINER_OTHER_BATCH');
    expectRefused(await exec(d, s, B, charge('S41', povidone)), 'KIT_CONTAINER_OTHER_STEP');
    expect(charged()).toBe(0);
    const first = await exec(d, s, B, charge('S41', api[0]!.containerId));
    expect(first.ok && first.value.appended.map((a) => a.type)).toEqual(['kit.container_charged', 'signature.applied']);
    expectRefused(await exec(d, s, B, charge('S41', api[0]!.containerId)), 'KIT_CONTAINER_ALREADY_CHARGED');
    if (api.length > 1) {
      const missing = await exec(d, s, B, { type: 'complete-charge', stepId: 'S41' });
      expectRefused(missing, 'KIT_CONTAINER_MISSING');
      expect(!missing.ok && missing.error.details?.missing).toEqual(api.slice(1).map((c) => c.containerId));
      for (const c of api.slice(1)) expect((await exec(d, s, B, charge('S41', c.containerId))).ok).toBe(true);
    }
    expect(charged()).toBe(api.length);
    expect(view(d, B).current!.kit!.containers.every((c) => c.done)).toBe(true);
    const refusals = refusalsOf(d, B).map((r) => [r.command, r.code]);
    expect(refusals).toEqual([
      ['charge-container', 'KIT_CONTAINER_OTHER_BATCH'],
      ['charge-container', 'KIT_CONTAINER_OTHER_STEP'],
      ['charge-container', 'KIT_CONTAINER_ALREADY_CHARGED'],
      ...(api.length > 1 ? [['complete-charge', 'KIT_CONTAINER_MISSING']] : []),
    ]);
    expect((await exec(d, s, B, { type: 'complete-charge', stepId: 'S41' })).ok).toBe(true);
    // The step's "performed" signature completes it; the next charge step takes the povidone.
    await runTo(d, B, at('S42'), undefined, { sessionId: s });
    expect((await exec(d, s, B, charge('S42', povidone))).ok).toBe(true);
  });

  it('FR-25 a charge whose signature fails (wrong password) does not count; scanning again charges it', async () => {
    d = await kitStation();
    const s = d.login('op.li');
    await orderAt(d, B, 'S41', s);
    const c = view(d, B).current!.kit!.containers[0]!;
    expectRefused(await exec(d, s, B, charge('S41', c.containerId, { username: OPERATOR.username, password: 'not-the-password' })), 'SIGNATURE_PASSWORD_INVALID');
    expect(view(d, B).current!.kit!.containers[0]!.done).toBe(false);
    expect((await exec(d, s, B, charge('S41', c.containerId))).ok).toBe(true);
    expect(view(d, B).current!.kit!.containers[0]!.done).toBe(true);
    expect(d.station.ledger.query({ batchRef: B, types: ['kit.container_charged'] })).toHaveLength(2);
  });

  it('FR-26 a container past its hold time is refused at the point of use (fake clock), saying when it expired', async () => {
    d = await kitStation();
    d.revise('material', 'API-PARA', { holdTimeHours: 2 });
    await orderAt(d, B, 'S41');
    const c = view(d, B).current!.kit!.containers[0]!;
    expect(c.holdUntil).not.toBeNull();
    d.clock.set(new Date(Date.parse(c.holdUntil!) + 5 * 60_000));
    // The idle session locked while the clock moved: the operator logs in again.
    const late = await exec(d, d.login('op.li'), B, charge('S41', c.containerId));
    expectRefused(late, 'HOLD_TIME_EXPIRED');
    expect(!late.ok && late.error.details).toMatchObject({ containerId: c.containerId, expiredAt: c.holdUntil, minutesPast: 5 });
    expect(!late.ok && late.error.message).toContain(c.holdUntil!);
    expect(d.station.ledger.query({ batchRef: B, types: ['kit.container_charged'] })).toHaveLength(0);
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'charge-container', code: 'HOLD_TIME_EXPIRED', stepId: 'S41' });
  });

  it('FR-26 a container within its hold time is charged, and the record shows the hold checked and every charge (JSON and print text)', async () => {
    d = await kitStation();
    d.revise('material', 'API-PARA', { holdTimeHours: 2 });
    await orderAt(d, B, 'S41');
    const c = view(d, B).current!.kit!.containers[0]!;
    d.clock.set(new Date(Date.parse(c.holdUntil!) - 60_000));
    expect((await exec(d, d.login('op.li'), B, charge('S41', c.containerId))).ok).toBe(true);
    const e = d.station.ledger.query({ batchRef: B, types: ['kit.container_charged'] })[0]!;
    expect(e.payload).toMatchObject({ containerId: c.containerId, holdUntil: c.holdUntil, lineId: 'L10' });
    expect(renderRecordLine(describeEntry(e.type, e.payload), 'en', (iso) => `<${iso}>`)).toContain(`verified and charged at the point of use; hold time until <${c.holdUntil}> checked`);
    expect(renderRecordLine(describeEntry(e.type, e.payload), 'zh-CN', (iso) => `<${iso}>`)).toContain('已在使用点核对并投料');
    const rec = buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
    const step = rec.steps.find((x) => x.stepId === 'S41')!;
    const ev = step.events.find((x) => x.type === 'kit.container_charged')!;
    expect(ev.signatures?.map((x) => x.meaning) ?? []).toEqual(['performed']);
    // The printed record (PDF, as pdftotext reads it) shows the kit, its staging, hand-over and the charge.
    for (const [lang, words] of [['en', ['scannedintothekit', 'staged', 'handedoverfromSTAGE-BOOTH-1', `Container${c.containerId}`, 'chargedatthepointofuse']], ['zh-CN', ['扫描入配料套件', '已暂存于', '已从STAGE-BOOTH-1交接', '已在使用点核对并投料']]] as const) {
      const pdf = await batchRecordPdf(rec, { locale: lang, font: findReportFont(undefined), printedBy: 'Chen Jing (qa.chen)', printedAt: d.clock.now(), printedAtOffset: '+08:00', softwareVersion: 'test' });
      const file = join(d.dir, `kit-${lang}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const w of words) expect(text).toContain(w);
    }
  });
});
