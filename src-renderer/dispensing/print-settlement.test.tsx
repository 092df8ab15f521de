import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import { resources } from '../i18n/i18n.ts';
import { LabelsPanel } from './labels-panel.tsx';

const labels = {
  issued: 0,
  printed: 0,
  reprinted: 0,
  used: 0,
  destroyed: 0,
  balanced: false,
  outcomeUnknown: ['41-1', '41-2'],
  printing: [],
  unsettled: [{ printRequestSeq: 41, command: 'print-label', count: 2, stepId: 'S12', labelId: null, containerId: null, pendingSettlements: 1 }],
  labels: [],
};

async function html(locale: 'en' | 'zh-CN', status: OrderView['status']): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  const view = { status, labels } as unknown as OrderView;
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <LabelsPanel view={view} busy={false} error={null} exec={async () => true} />
    </I18nextProvider>,
  );
}

describe('FR-141 the labels panel offers each print of unknown outcome to settle', () => {
  it('FR-141 en and zh-CN: the print, what it printed for, the three outcomes, the count, the reason and the co-signed settle button; a settlement without co-signature is named as not in force; FR-154 still offered once the order is complete', async () => {
    const en = await html('en', 'in-progress');
    for (const id of ['settle-41', 'settle-outcome-41', 'settle-count-41', 'settle-reason-41', 'settle-submit-41']) expect(en).toContain(`data-testid="${id}"`);
    expect(en).toContain('Print of entry 41 (2 label(s)), outcome unknown:');
    expect(en).toContain('labels of step S12');
    expect(en).toContain('Labels came out and are applied to their containers');
    expect(en).toContain('Labels came out and were destroyed (counted)');
    expect(en).toContain('No label came out');
    expect(en).toContain('1 settlement(s) recorded without a co-signature: not in force.');
    expect(en).toContain('Settle with a supervisor…');
    const zh = await html('zh-CN', 'in-progress');
    expect(zh).toContain('记录 41 所记的打印（2 张标签），结果未知：');
    expect(zh).toContain('未打出标签');
    expect(zh).toContain('与主管共同结清…');
    // FR-154: a complete order still offers the settlement, said to be after completion (en, zh-CN).
    const done = await html('en', 'complete');
    expect(done).toContain('data-testid="labels-outcome-unknown"');
    expect(done).toContain('data-testid="settle-41"');
    expect(done).toContain('recorded as made after completion');
    expect(await html('zh-CN', 'complete')).toContain('记录为订单完成后所作');
  });
});
