import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { SignRetestSchema } from '../../src-shared/quality/iqc-contract.ts';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { EMPTY_RETEST, RetestForm, retestBody, retestProblems, type RetestDraft } from './lot-retest.tsx';

async function render(locale: 'en' | 'zh-CN', node: React.ReactElement): Promise<string> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));
}

const ME = { username: 'qa.hub' };
const READY: RetestDraft = { lotId: 'LOT-7', retestDate: '2028-01-31', noMoreRetest: false, expiryDate: '', resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'lin.wei' };

describe('lot retest form (console)', () => {
  it('FR-153 P11-10 names the retest results and who entered them, refuses to offer the signature to the person who entered them, and sends what the hub accepts (en, zh-CN)', async () => {
    expect(retestProblems(EMPTY_RETEST, ME)).toEqual(['lot', 'date', 'results']);
    expect(retestProblems(READY, ME)).toEqual([]);
    expect(retestProblems({ ...READY, resultsEnteredBy: ' QA.Hub ' }, ME)).toEqual(['own']);
    expect(retestProblems({ ...READY, retestDate: '', noMoreRetest: true }, ME)).toEqual([]);
    expect(retestProblems({ ...READY, retestDate: '', expiryDate: '2030-06-30' }, ME)).toEqual([]);
    expect(retestProblems({ ...READY, resultsReference: ' ' }, ME)).toEqual(['results']);

    // The body the form sends passes the hub's own contract; "no further retest" removes the date.
    expect(retestBody(READY)).toEqual({ retestDate: '2028-01-31', resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'lin.wei' });
    expect(retestBody({ ...READY, noMoreRetest: true, expiryDate: '2030-06-30' })).toEqual({ retestDate: null, expiryDate: '2030-06-30', resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'lin.wei' });
    expect(SignRetestSchema.safeParse({ ...retestBody(READY), reason: 'Retest passed', password: 'x' }).success).toBe(true);
    expect(SignRetestSchema.safeParse({ retestDate: '2028-01-31', reason: 'Retest passed', password: 'x' }).success).toBe(false);

    const noop = () => undefined;
    const own = await render('en', <RetestForm draft={{ ...READY, resultsEnteredBy: 'qa.hub' }} me={ME} onChange={noop} onSign={noop} done={null} />);
    expect(own).toContain('Results entered by (user name)');
    expect(own).toContain('You entered these results: another QC person signs the retest.');
    expect(own).toMatch(/<button[^>]*disabled=""[^>]*data-testid="retest-sign"/);
    const ready = await render('en', <RetestForm draft={READY} me={ME} onChange={noop} onSign={noop} done={{ lotId: 'LOT-7', version: 4, expiryDate: '2029-06-30', retestDate: null }} />);
    expect(ready).not.toContain('retest-problems');
    expect(ready).not.toMatch(/<button[^>]*disabled=""[^>]*data-testid="retest-sign"/);
    expect(ready).toContain('Lot LOT-7 is at version 4: expiry 2029-06-30, retest none.');
    const zh = await render('zh-CN', <RetestForm draft={{ ...EMPTY_RETEST }} me={ME} onChange={noop} onSign={noop} done={null} />);
    expect(zh).toContain('批次复验');
    expect(zh).toContain('结果录入人（用户名）');
    expect(zh).toContain('请注明结果：其编号及录入人。');
    expect(zh).not.toMatch(/Results|retest date|Sign retest/);
  });
});
