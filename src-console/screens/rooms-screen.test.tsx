import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { ExcursionView, RoomOverview } from '../../src-shared/environment/environment-contract.ts';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { bandText, crossedLimit, ExcursionsTable, RoomsTable } from './rooms-screen.tsx';

const EXCURSION: ExcursionView = {
  excursionId: 'B1.04/temperature/1', room: 'B1.04', quantity: 'temperature', unit: '°C', side: 'high', level: 'action',
  startedAt: '2026-12-05T08:00:00.000Z', actionStartedAt: '2026-12-05T08:01:00.000Z', endedAt: null,
  peak: { value: 26.4, at: '2026-12-05T08:02:00.000Z' }, alertLimit: 23, actionLimit: 25, acknowledgement: null,
};
const ROOM: RoomOverview = {
  version: 1,
  roomId: 'B1.04', name: 'Dispensing', states: [{ room: 'B1.04', quantity: 'temperature', level: 'action', lastValue: 26.4, lastTime: '2026-12-05T08:02:00.000Z', excursion: null }],
  limits: [
    { quantity: 'temperature', alert: { low: 18, high: 23 }, action: { low: 15, high: 25 }, hysteresis: 0.5, debounceReadings: 1 },
    { quantity: 'differential-pressure', alert: { low: 12, high: null }, action: { low: 10, high: null }, hysteresis: 1, debounceReadings: 1 },
  ],
};

async function render(locale: 'en' | 'zh-CN', node: React.ReactElement): Promise<string> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));
}

describe('rooms screen (presentational part)', () => {
  it('FR-84 shows each room’s limits and state per quantity and the excursions with level, peak, crossed limit, still open or who acknowledged, in en and zh-CN', async () => {
    expect([bandText({ low: 18, high: 23 }), bandText({ low: 12, high: null }), bandText({ low: null, high: 25 }), bandText({ low: null, high: null })]).toEqual(['18 … 23', '≥ 12', '≤ 25', '—']);
    expect([crossedLimit(EXCURSION), crossedLimit({ ...EXCURSION, level: 'alert' })]).toEqual([25, 23]);
    const rooms = await render('en', <RoomsTable rooms={[ROOM, { roomId: 'B2.01', name: 'Store', version: 1, limits: [], states: [] }]} />);
    expect(rooms).toContain('18 … 23');
    expect(rooms).toContain('≥ 10');
    expect(rooms).toContain('26.4 °C');
    expect(rooms).toContain('>Action<');
    expect(rooms).toContain('No reading yet'); // differential pressure: limits, no reading
    expect(rooms).toContain('No limits set for this room.');
    const zh = await render('zh-CN', <RoomsTable rooms={[ROOM]} />);
    expect(zh).toContain('警戒限');
    expect(zh).toContain('尚无读数');
    expect(zh).not.toMatch(/Alert limits|No reading/);

    let offered: string | null = null;
    const open = await render('en', <ExcursionsTable excursions={[EXCURSION]} acknowledge={(x) => ((offered = x.excursionId), <button>ack</button>)} />);
    expect(offered).toBe(EXCURSION.excursionId);
    expect(open).toContain('data-open="true"');
    expect(open).toContain('Still open');
    expect(open).toContain('25 °C');
    const acked = await render('zh-CN', <ExcursionsTable excursions={[{ ...EXCURSION, endedAt: '2026-12-05T08:10:00.000Z', acknowledgement: { by: 'qa.zhao', at: '2026-12-05T08:20:00.000Z', comment: 'HVAC damper stuck' } }]} acknowledge={() => <button>ack</button>} />);
    expect(acked).toContain('qa.zhao');
    expect(acked).toContain('HVAC damper stuck');
    expect(acked).toContain('行动');
    expect(acked).not.toContain('<button>');
    expect(await render('en', <ExcursionsTable excursions={[]} />)).toContain('No excursions.');
  });
});
