import { describe, expect, it } from 'vitest';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { z } from 'zod';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { ConsoleContext, type ConsoleContextValue } from '../console-context.ts';
import type { ConsoleApi } from '../api/console-client.ts';
import { SignedSettingEditor } from './signed-setting-editor.tsx';
import { PlanHistory } from '../screens/equipment-screen.tsx';
import { RoomHistory } from '../screens/room-limits-editor.tsx';

async function render(locale: 'en' | 'zh-CN', node: ReactElement): Promise<string> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  const shell: ConsoleContextValue = { api: {} as ConsoleApi, me: { username: 'qa.hub', printedName: 'Quinn Reviewer' } as ConsoleContextValue['me'], navigate: () => {} };
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ConsoleContext.Provider, { value: shell }, node)));
}

const AT = '2026-12-05T08:00:00.000Z';

describe('signed setting change: the sequence both editors share (FR-110, FR-121)', () => {
  const editor = (invalid: { testId: string; text: string; quiet?: boolean } | null) =>
    createElement(SignedSettingEditor<never, unknown>, {
      testId: 'editor',
      title: 'Edit',
      hint: 'A hint',
      invalid,
      words: 'equipment',
      subject: { equipment: 'GRN-01' },
      version: 1,
      sign: { testId: 'editor-sign', path: '/x', body: {}, response: z.unknown() },
      history: { key: 'x', load: () => new Promise<never>(() => {}), render: () => null },
      onChanged: () => {},
      onClose: () => {},
      children: createElement('input', { 'data-testid': 'form-field' }),
    });

  it('FR-110 FR-121 the form, the sign button and cancel, the history heading, in the screen\'s words; an invalid entry shows its notice and disables signing', async () => {
    const ok = await render('en', editor(null));
    expect(ok).toMatch(/^<section class="card" data-testid="editor"><h2>Edit<\/h2><p class="hint">A hint<\/p><input data-testid="form-field"\/>/);
    expect(ok).toMatch(new RegExp(`<button[^>]*data-testid="editor-sign"[^>]*>${consoleEn.equipment.sign}</button>`));
    expect(ok).not.toMatch(/<button[^>]*disabled[^>]*data-testid="editor-sign"/);
    expect(ok).toContain(`<h3>${consoleEn.equipment.history}</h3>`);
    expect(ok).toContain('>Cancel<');
    const bad = await render('zh-CN', editor({ testId: 'editor-invalid', text: 'Not a setting' }));
    expect(bad).toContain('<p class="notice notice-bad" role="alert" data-testid="editor-invalid">Not a setting</p>');
    expect(bad).toMatch(/<button[^>]*disabled=""[^>]*data-testid="editor-sign"/);
    expect(bad).toContain(`<h3>${consoleZhCN.equipment.history}</h3>`);
    expect(bad).toContain('>取消<');
    // Nothing wrong, only nothing to sign yet (FR-123: the check plan in force): a hint, not an alert; signing still disabled.
    const quiet = await render('en', editor({ testId: 'editor-unchanged', text: 'The setting in force', quiet: true }));
    expect(quiet).toContain('<p class="hint" role="status" data-testid="editor-unchanged">The setting in force</p>');
    expect(quiet).toMatch(/<button[^>]*disabled=""[^>]*data-testid="editor-sign"/);
  });

  it('FR-121 an equipment\'s signed plan changes: one row a version, each changed setting old → new, the reason as typed (en, zh-CN); none yet says so', async () => {
    const changes = [{ equipmentId: 'GRN-01', version: 2, changedAt: AT, changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: 'CAL-REP-2026-07', changes: [{ field: 'calibration.intervalDays', before: 180, after: 365 }], signatureId: 7 }];
    const en = await render('en', createElement(PlanHistory, { changes, locale: 'en' }));
    expect(en).toContain('data-testid="equipment-plan-history"');
    expect(en).toMatch(/<tr data-testid="plan-version-2"><td>2<\/td><td><span translate="no">Quinn Reviewer<\/span><span>[^<]*<\/span><\/td><td translate="no">CAL-REP-2026-07<\/td><td><div>Calibration interval \(days\): <span translate="no">180 → 365<\/span><\/div><\/td><\/tr>/);
    const zh = await render('zh-CN', createElement(PlanHistory, { changes, locale: 'zh-CN' }));
    expect(zh).toContain(`${consoleZhCN.equipment.version}</th>`);
    expect(zh).toContain('180 → 365');
    expect(await render('en', createElement(PlanHistory, { changes: [], locale: 'en' }))).toBe(`<p data-testid="equipment-plan-none">${consoleEn.equipment.noChanges}</p>`);
  });

  it('FR-110 a room\'s versions: signed or changed by, the reason, the limits per quantity as plant data (en, zh-CN)', async () => {
    const limits = [{ quantity: 'temperature' as const, alert: { low: 18, high: 21 }, action: { low: 15, high: 22 }, hysteresis: 0.5, debounceReadings: 1 }];
    const changes = [
      { version: 2, changedAt: AT, changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: 'tighten', limits, signatureId: 3 },
      { version: 1, changedAt: AT, changedBy: 'md.steward', printedName: null, reason: 'seed', limits, signatureId: null },
    ];
    const en = await render('en', createElement(RoomHistory, { changes, locale: 'en' }));
    expect(en).toMatch(/<tr data-testid="room-version-2"><td>2<\/td><td><span>Signed by <\/span><span translate="no">Quinn Reviewer<\/span><span>[^<]*<\/span><\/td><td translate="no">tighten<\/td><td translate="no"><div>[^<]*: [^<]*18 … 21[^<]*15 … 22<\/div><\/td><\/tr>/);
    expect(en).toMatch(/<tr data-testid="room-version-1"><td>1<\/td><td>(<span>[^<]*<\/span>)?<span translate="no">md\.steward<\/span><span>[^<]*<\/span><\/td>/);
    expect(en).not.toMatch(/room-version-1"><td>1<\/td><td>Signed by/);
    const zh = await render('zh-CN', createElement(RoomHistory, { changes, locale: 'zh-CN' }));
    expect(zh).toContain('<span>由 </span><span translate="no">Quinn Reviewer</span><span> 签名');
  });
});
