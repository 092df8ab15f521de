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
import { SignedHistoryCard, SignedSettingEditor, signedSettingAccess } from './signed-setting-editor.tsx';
import { PlanAction, PlanHistory } from '../screens/equipment-screen.tsx';
import { RoomHistory } from '../screens/room-limits-editor.tsx';
import { BalancesTable } from '../screens/balances-screen.tsx';
import { RoomsTable } from '../screens/rooms-screen.tsx';
import type { HubUserView } from '../../src-shared/quality/hub-admin-contract.ts';

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

describe('signed histories for who cannot sign a change (FR-128)', () => {
  const person = (roles: string[]) => ({ username: 'x', printedName: 'X', roles }) as unknown as HubUserView;

  it('FR-128 a QP (or operator) reads a signed setting\'s history and a QA person or steward signs it; the read-only card has the history and a close button, no form and no sign button (en, zh-CN)', async () => {
    const signers = ['qa', 'master-data'];
    expect(['qp', 'operator', 'inspector'].map((r) => signedSettingAccess(person([r]), signers))).toEqual(['read', 'read', 'read']);
    expect([signedSettingAccess(person(['qa']), signers), signedSettingAccess(person(['master-data']), signers), signedSettingAccess(person(['qa', 'qp']), signers)]).toEqual(['sign', 'sign', 'sign']);
    const card = (locale: 'en' | 'zh-CN') =>
      render(locale, createElement(SignedHistoryCard<never>, { testId: 'card', title: 'Plan of GRN-01', words: 'equipment', history: { key: 'x', load: () => new Promise<never>(() => {}), render: () => null }, onClose: () => {} }));
    const en = await card('en');
    expect(en).toMatch(/^<section class="card" data-testid="card"><h2>Plan of GRN-01<\/h2><h3>Signed plan changes<\/h3>/);
    expect(en).toMatch(/<button[^>]*data-testid="card-close"[^>]*>Close<\/button>/);
    expect(en).not.toMatch(/-sign"|<input|<select|<textarea/);
    expect(en).not.toContain(consoleEn.equipment.sign);
    const zh = await card('zh-CN');
    expect(zh).toContain(`<h3>${consoleZhCN.equipment.history}</h3>`);
    expect(zh).toContain('>关闭<');
  });

  it('FR-128 the equipment, balances and rooms tables offer a QP the signed changes, not a change (en, zh-CN)', async () => {
    const readPlan = await render('en', createElement(PlanAction, { access: 'read', equipmentId: 'GRN-01', open: () => {} }));
    expect(readPlan).toMatch(/data-testid="equipment-history-GRN-01"[^>]*>Signed changes</);
    expect(readPlan).not.toContain('equipment-edit-');
    expect(await render('zh-CN', createElement(PlanAction, { access: 'sign', equipmentId: 'GRN-01', open: () => {} }))).toMatch(/data-testid="equipment-edit-GRN-01"[^>]*>修改计划</);
    const row = { balanceId: 'BAL-01', name: 'Analytical balance', model: 'XPR205', boothId: null, version: 2, checkPlan: { id: 'DC-1', points: [{ testWeight: 'E2 200 g', nominal: { amount: '200', unit: 'g' as const }, acceptance: { amount: '0.001', unit: 'g' as const } }], validForHours: 24 } };
    const balances = await render('zh-CN', createElement(BalancesTable, { list: { data: [row] }, edit: null, history: () => {} }));
    expect(balances).toMatch(/data-testid="balance-history-BAL-01"[^>]*>已签名的变更</);
    expect(balances).not.toContain('balance-edit-');
    const room = { roomId: 'A1.01', name: 'Dispensing', version: 3, limits: [], states: [] };
    const rooms = await render('en', createElement(RoomsTable, { rooms: [room], history: () => {} }));
    expect(rooms).toMatch(/data-testid="room-history-A1.01"[^>]*>Versions</);
    expect(rooms).not.toContain('room-edit-');
  });
});
