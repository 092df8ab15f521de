import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { resources } from '../i18n/i18n.ts';
import { ClearTare } from './clear-tare.tsx';
import { LiveWeight } from './live-weight.tsx';

async function html(locale: 'en' | 'zh-CN', node: React.ReactElement = <ClearTare balanceId="BAL-P01" />): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
}

describe('FR-154 the weighing screen offers the station clear of a balance tare', () => {
  it('FR-154 en and zh-CN: the button under the live weight says the pan must be empty and that it is recorded', async () => {
    const en = await html('en');
    expect(en).toContain('data-testid="clear-tare-button-BAL-P01"');
    expect(en).toContain('Pan empty: clear tare and zero');
    expect(en).toContain('recorded under your name');
    const zh = await html('zh-CN');
    expect(zh).toContain('秤盘已清空：清除皮重并置零');
    expect(zh).toContain('以您的名义记录');
  });

  it('FR-154 the live weight of a step standing on the station tare shows no clear button; where the clear is the way out it does; elsewhere it stays out of the weighing controls\' way', async () => {
    expect(await html('en', <LiveWeight balanceId="BAL-P01" window={null} holdsStationTare offerClear />)).not.toContain('clear-tare-button-BAL-P01');
    expect(await html('en', <LiveWeight balanceId="BAL-P01" window={null} offerClear />)).toContain('clear-tare-button-BAL-P01');
    expect(await html('en', <LiveWeight balanceId="BAL-P01" window={null} />)).not.toContain('clear-tare-button-BAL-P01');
  });
});
