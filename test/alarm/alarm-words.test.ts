import { describe, expect, it } from 'vitest';
import { createInstance, type TFunction } from 'i18next';
import { resources } from '../../src-renderer/i18n/i18n.ts';
import { consoleEn } from '../../src-console/i18n/en.ts';
import { consoleZhCN } from '../../src-console/i18n/zh-CN.ts';
import { lostParams } from '../../src-main/core/alarm/alarm-service.ts';
import { alarmWordParams } from '../../src-shared/alarm/alarm-words.ts';

async function tOf(app: 'station' | 'console', locale: 'en' | 'zh-CN'): Promise<TFunction> {
  // Own instances: unit tests share modules (isolate: false).
  const i18n = createInstance();
  const res = app === 'station' ? resources : { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } };
  await i18n.init({ resources: res, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n.t;
}

const words = (t: TFunction, locale: string, params: Record<string, string>) => t('alarms.message.balance-lost', alarmWordParams(t, locale, 'balance-lost', params));

describe('a lost balance in the reader\'s words', () => {
  it('FR-112 the cause of a lost balance is worded in zh-CN at the station and in the console, never the English sentence; English readers also see the driver\'s own text', async () => {
    const silent = lostParams('BAL-01', 'no data from the balance for 1371 ms', 1371);
    const port = lostParams('BAL-01', 'Error: Input/output error', undefined);
    // An alarm recorded before the cause was kept: the English reason only.
    const old = { balance: 'BAL-01', reason: 'no data from the balance for 800 ms' };
    for (const app of ['station', 'console'] as const) {
      const zh = await tOf(app, 'zh-CN');
      const en = await tOf(app, 'en');
      expect(words(zh, 'zh-CN', silent)).toBe('天平 BAL-01 失去连接：1371 毫秒无数据');
      expect(words(zh, 'zh-CN', port)).toBe('天平 BAL-01 失去连接：连接中断');
      expect(words(zh, 'zh-CN', old)).toBe('天平 BAL-01 失去连接：连接中断');
      for (const p of [silent, port, old]) expect(words(zh, 'zh-CN', p).replace('BAL-01', '')).not.toMatch(/[A-Za-z]{3,}/);
      expect(words(en, 'en', silent)).toBe('Balance BAL-01 lost: no data for 1371 ms');
      expect(words(en, 'en', port)).toBe('Balance BAL-01 lost: the connection failed (Error: Input/output error)');
      expect(words(en, 'en', old)).toBe('Balance BAL-01 lost: the connection failed (no data from the balance for 800 ms)');
    }
    // Other alarms' parameters pass through unchanged.
    expect(alarmWordParams(await tOf('station', 'zh-CN'), 'zh-CN', 'ipqc-oos', { batch: 'B-1' })).toEqual({ batch: 'B-1' });
  });
});
