/**
 * The QP's one-stop review in Debian's Chromium, in English and in zh-CN (issue 12 item 7): the
 * console batch page shows the batch's finished-product (OQC) results — result, specification,
 * verdict, CoA reference — and the environmental excursions in its room while it ran — room,
 * quantity, level, start, end, peak, limit, acknowledgement — each cell equal to what the review
 * API returns, and says plainly when there is none. The rooms screen (issue 13) shows the rooms'
 * limits and state now and the excursion list, and acknowledges an open one with a comment.
 * Screenshots under test-results/e2e (BATCHLINE_E2E_SCREENSHOTS=1, or of a failing screen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from '@playwright/test';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import type { ExcursionView, RoomOverview } from '../../src-shared/environment/environment-contract.ts';
import { formatTime } from '../../src-console/components/format.ts';
import { EnvironmentService } from '../../src-server/environment/environment-service.ts';
import type { ExcursionEvent } from '../../src-core/environment/excursion-machine.ts';
import { expectAccessible, openBatch, openConsole, signInConsole, type ConsoleE2e, type ConsoleLocale, startConsoleE2e } from './harness/console.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { iqcApi, provisionIqcPeople, putSpec } from '../quality/support/iqc-setup.ts';
import { reading, roomWithLimits } from '../environment/room-fixtures.ts';

const ROOM = 'B1.04'; // the room of BOOTH-1, where recordBatch runs its batches
const BATCH: Record<ConsoleLocale, string> = { en: 'E2E-QP-EN', 'zh-CN': 'E2E-QP-ZH' };
const QUIET = 'E2E-QP-QUIET';
const TEXT = {
  en: {
    oqc: 'OQC results (finished product)',
    env: 'Environment during the batch',
    verdict: { pass: 'Pass', fail: 'Out of specification', missing: 'Missing' },
    level: { alert: 'Alert', action: 'Action' },
    temperature: 'Temperature',
    noLot: 'No output lot of this batch has reached the hub yet, so no OQC result can be recorded.',
    noEnv: "✓ No environmental excursion in the batch's room while it ran.",
  },
  'zh-CN': {
    oqc: '成品检验 (OQC) 结果',
    env: '批次期间的环境',
    verdict: { pass: '合格', fail: '超出标准', missing: '缺失' },
    level: { alert: '警戒', action: '行动' },
    temperature: '温度',
    noLot: '本批次尚无产出批号到达中心，因此无法记录 OQC 结果。',
    noEnv: '✓ 批次进行期间，其所在房间没有环境偏离。',
  },
} as const;
const SPEC_TEXT: Record<string, string> = { DISSO: '≥ 80 %', APPEAR: 'white round tablets', HARD: '40 … 80 N' };

/** The browser's own rendering of a time, as the console formats it. */
const browserTime = (page: Page, iso: string | null, locale: ConsoleLocale) => page.evaluate(`(${formatTime.toString()})(${JSON.stringify(iso)}, ${JSON.stringify(locale)})`) as Promise<string>;
const cell = async (row: Locator, id: string) => ((await row.getByTestId(id).textContent()) ?? '').trim();

describe("hub console: the QP's one-stop review shows OQC results and environmental excursions", { timeout: 180_000 }, () => {
  let c: ConsoleE2e;
  let page: Page;
  let api: ReturnType<typeof iqcApi>;
  const review = async (batch: string) => {
    const r = await api<BatchReview>('qp.hub', 'GET', `/api/v1/quality/batches/${batch}`);
    expect(r.status).toBe(200);
    return r.body as BatchReview;
  };

  beforeAll(async () => {
    c = await startConsoleE2e(async (q) => {
      api = iqcApi(q);
      const t = q.station;
      await provisionIqcPeople(q);
      await putSpec(q, 'PARA-500', [
        { code: 'DISSO', name: 'Dissolution 30 min', kind: 'numeric', unit: '%', lower: 80, upper: null },
        { code: 'APPEAR', name: 'Appearance', kind: 'text', accepted: ['white round tablets'] },
        { code: 'HARD', name: 'Hardness', kind: 'numeric', unit: 'N', lower: 40, upper: 80 },
      ]);
      // The room's limits at the hub; once the batches run, readings: an alert, its escalation to action, its end.
      // Seeded at the hub (FR-114: the generic master-data route refuses limits; they are signed on the rooms screen).
      expect((await q.hub.hub.services.masterData.put({ userId: 'u-md', username: 'md.zhou', roles: ['master-data'] }, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits', via: 'seed' })).ok).toBe(true);
      for (const batch of [QUIET, ...Object.values(BATCH)]) recordBatch(t, { batchNumber: batch, apiLot: `API-${batch}`, excipientLot: `MCC-${batch}`, incomplete: batch !== QUIET });
      const env = new EnvironmentService(q.hub.hub.services.ctx);
      const events: ExcursionEvent[] = [];
      for (const [value, minutesAgo] of [[21, 4], [24.1, 3], [26.4, 2], [22, 1]] as const) events.push(...(await env.ingest(reading(ROOM, 'temperature', value, t.clock.now().getTime() - minutesAgo * 60_000), 'e2e')).events);
      expect(events.map((e) => e.kind)).toEqual(['started', 'escalated', 'ended']);
      for (const batch of Object.values(BATCH)) {
        // What the station writes into a batch in progress in that room when the hub's state reaches it.
        for (const e of events) unwrap(t.ledger.append([{ type: 'environment.excursion_recorded', actor: null, batchRef: batch, payload: { event: e.kind, source: 'hub', boothId: 'BOOTH-1', excursion: e.excursion } }]));
      }
      await q.sync();
      for (const batch of Object.values(BATCH)) {
        expect((await api('erp', 'POST', `/api/v1/genealogy/batches/${batch}/output-lots`, { lotId: `FG-${batch}`, role: 'finished', quantity: '160000 tablets', reason: 'ERP goods receipt from production' })).status).toBe(201);
        const result = (id: string, testCode: string, value: number | string, unit?: string) => ({ resultId: `${id}-${batch}`, lotId: `FG-${batch}`, testCode, value, coaReference: `COA-${batch}`, ...(unit ? { unit } : {}) });
        expect((await api('erp', 'POST', '/api/v1/quality/results', { results: [result('R1', 'DISSO', 92, '%'), result('R2', 'APPEAR', 'chipped tablets')] })).status).toBe(200);
      }
      const ack = await api('qa.hub', 'POST', '/api/v1/environment/excursions/acknowledge', { excursionId: events[0]!.excursion.excursionId, comment: 'Door left open during cleaning; product in closed containers.' });
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    });
    page = c.page;
  }, 240_000);

  afterAll(() => c?.close());

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`FR-49 the batch page lists each OQC test with the API's result, specification, verdict and CoA reference, and says when there is no output lot (${locale})`, async () => {
      const batch = BATCH[locale];
      const oqc = (await review(batch)).oqc;
      expect(oqc.lots.flatMap((l) => l.tests.map((x) => x.verdict))).toEqual(['pass', 'fail', 'missing']);
      await openConsole(c, locale);
      await signInConsole(page, 'qp.hub');
      await openBatch(page, batch);
      const section = page.getByTestId('batch-oqc');
      await section.getByTestId('oqc-results').waitFor();
      expect(await section.getByRole('heading').first().textContent()).toBe(TEXT[locale].oqc);
      for (const lot of oqc.lots) {
        for (const test of lot.tests) {
          const row = section.getByTestId(`oqc-${lot.lotId}-${test.code}`);
          const result = oqc.results!.find((r) => r.resultId === test.resultId);
          expect(await cell(row, 'oqc-value')).toBe(result ? `${result.value}${result.unit ? ` ${result.unit}` : ''}` : '—');
          expect(await cell(row, 'oqc-spec')).toBe(SPEC_TEXT[test.code]);
          expect(await cell(row, 'oqc-verdict')).toBe(TEXT[locale].verdict[test.verdict]);
          expect(await cell(row, 'oqc-coa')).toBe(result ? result.coaReference : '—');
        }
      }
      await section.scrollIntoViewIfNeeded();
      await expectAccessible(c, `qp-view-oqc-${locale}`);

      expect((await review(QUIET)).oqc.findings).toEqual([{ lotId: '', testCode: null, problem: 'no-output-lot', resultId: null }]);
      await openBatch(page, QUIET);
      expect(await page.getByTestId('oqc-no-lot').textContent()).toBe(TEXT[locale].noLot);
      expect(await page.getByTestId('oqc-results').count()).toBe(0);
    });

    it(`FR-63 the batch page lists the excursion in the batch's room with the API's values and who acknowledged it, and says when there was none (${locale})`, async () => {
      const batch = BATCH[locale];
      const environment = (await review(batch)).environment;
      expect(environment).toHaveLength(1);
      const x = environment[0]!;
      expect([x.level, x.endedAt !== null, x.acknowledgement?.by]).toEqual(['action', true, 'qa.hub']);
      await openConsole(c, locale);
      await signInConsole(page, 'qp.hub');
      await openBatch(page, batch);
      const section = page.getByTestId('batch-environment');
      await section.getByTestId('env-excursions').waitFor();
      expect(await section.getByRole('heading').first().textContent()).toBe(TEXT[locale].env);
      const rows = section.getByTestId('env-excursion');
      expect(await rows.count()).toBe(1);
      const row = rows.first();
      expect(await cell(row, 'env-room')).toBe(x.room);
      expect(await cell(row, 'env-quantity')).toBe(TEXT[locale].temperature);
      expect(await cell(row, 'env-level')).toBe(TEXT[locale].level[x.level]);
      expect(await cell(row, 'env-start')).toBe(await browserTime(page, x.startedAt, locale));
      expect(await cell(row, 'env-end')).toBe(await browserTime(page, x.endedAt, locale));
      expect(await cell(row, 'env-peak')).toBe(`${x.peak.value} ${x.unit}`);
      expect(await cell(row, 'env-limit')).toBe(`${x.actionLimit} ${x.unit}`);
      const ack = await cell(row, 'env-ack');
      expect(ack).toContain(x.acknowledgement!.by);
      expect(ack).toContain(await browserTime(page, x.acknowledgement!.at, locale));
      expect(ack).toContain(x.acknowledgement!.comment);
      await section.scrollIntoViewIfNeeded();
      await expectAccessible(c, `qp-view-environment-${locale}`);
      // Review by exception names the same excursion in the reader's words (quantity, level), not the codes.
      const exception = (await page.getByTestId('exception-environment-excursion').first().textContent())!;
      expect(exception).toContain(x.room);
      expect(exception.toLowerCase()).toContain(TEXT[locale].temperature.toLowerCase());
      if (locale === 'zh-CN') expect(exception).not.toMatch(/temperature|\b(alert|action)\b/);

      expect((await review(QUIET)).environment).toEqual([]);
      await openBatch(page, QUIET);
      expect(await page.getByTestId('env-none').textContent()).toBe(TEXT[locale].noEnv);
    });
  }

  it("FR-84 the rooms screen shows each room's limits and state now and the excursions with the API's values, and acknowledges an open one with a comment", async () => {
    // A second excursion, open and not acknowledged: the differential pressure below its alert limit.
    const env = new EnvironmentService(c.q.hub.hub.services.ctx);
    const started = await env.ingest(reading(ROOM, 'differential-pressure', 11, c.q.hub.hub.services.ctx.clock.now()), 'e2e');
    expect(started.events.map((e) => e.kind)).toEqual(['started']);
    const open = started.events[0]!.excursion;
    const rooms = (await api<RoomOverview[]>('qp.hub', 'GET', '/api/v1/environment/rooms')).body as RoomOverview[];
    const room = rooms.find((r) => r.roomId === ROOM)!;
    expect(room.limits.map((l) => l.quantity)).toEqual(['temperature', 'differential-pressure']);
    expect(room.states.map((s) => [s.quantity, s.level, s.lastValue])).toEqual([['differential-pressure', 'alert', 11], ['temperature', 'normal', 22]]);
    expect((await api('erp', 'GET', '/api/v1/environment/rooms')).status).toBe(403);

    await openConsole(c, 'en');
    await signInConsole(page, 'qa.hub');
    await page.getByTestId('nav-rooms').click();
    const temperature = page.getByTestId(`room-${ROOM}-temperature`);
    await temperature.waitFor();
    expect([await cell(temperature, 'room-alert'), await cell(temperature, 'room-action'), await cell(temperature, 'room-level')]).toEqual(['18 … 23', '15 … 25', 'Within limits']);
    expect(await cell(temperature, 'room-last')).toContain('22 °C');
    const pressure = page.getByTestId(`room-${ROOM}-differential-pressure`);
    expect([await cell(pressure, 'room-alert'), await cell(pressure, 'room-action'), await cell(pressure, 'room-level')]).toEqual(['≥ 12', '≥ 10', 'Alert']);

    const list = (await api<ExcursionView[]>('qa.hub', 'GET', '/api/v1/environment/excursions')).body as ExcursionView[];
    expect(await page.getByTestId('excursions').locator('tbody tr').count()).toBe(list.length);
    for (const x of list) {
      const row = page.getByTestId(`excursion-${x.excursionId}`);
      expect(await row.getAttribute('data-open')).toBe(String(x.endedAt === null));
      expect(await cell(row, 'excursion-level')).toBe(TEXT.en.level[x.level]);
      expect(await cell(row, 'excursion-peak')).toBe(`${x.peak.value} ${x.unit}`);
      expect(await cell(row, 'excursion-limit')).toBe(`${x.level === 'action' ? x.actionLimit : x.alertLimit} ${x.unit}`);
      expect(await cell(row, 'excursion-end')).toBe(x.endedAt ? await browserTime(page, x.endedAt, 'en') : 'Still open');
      if (x.acknowledgement) expect(await cell(row, 'excursion-ack')).toContain(x.acknowledgement.comment);
    }
    await expectAccessible(c, 'rooms-screen-en');

    // The comment is required (the hub wants three characters): the button waits for it.
    const comment = page.getByTestId(`excursion-comment-${open.excursionId}`);
    const button = page.getByTestId(`excursion-ack-${open.excursionId}`);
    await comment.fill('ok');
    expect(await button.isDisabled()).toBe(true);
    await comment.fill('Filter change in the airlock; pressure back within limits.');
    await button.click();
    const ackCell = page.getByTestId(`excursion-${open.excursionId}`).getByTestId('excursion-ack');
    await ackCell.filter({ hasText: 'qa.hub' }).waitFor();
    const after = (await api<ExcursionView[]>('qa.hub', 'GET', '/api/v1/environment/excursions?open=true')).body as ExcursionView[];
    const acked = after.find((x) => x.excursionId === open.excursionId)!;
    expect(acked.acknowledgement).toMatchObject({ by: 'qa.hub', comment: 'Filter change in the airlock; pressure back within limits.' });
    expect(await cell(page.getByTestId(`excursion-${open.excursionId}`), 'excursion-ack')).toContain(await browserTime(page, acked.acknowledgement!.at, 'en'));
  });
});
