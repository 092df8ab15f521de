/**
 * react-i18next with the two station languages. The language can change at any time (the
 * button in the top bar); the choice is kept per station in localStorage, and a station
 * without a choice uses its configured default.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { uiEn } from './en/ui.ts';
import { errorsEn } from '../../src-shared/errors/words-en.ts';
import { uiZhCN } from './zh-CN/ui.ts';
import { dispensingEn } from './en/dispensing.ts';
import { dispensingZhCN } from './zh-CN/dispensing.ts';
import { errorsZhCN } from '../../src-shared/errors/words-zh-CN.ts';
import { ipqcEn } from './en/ipqc.ts';
import { ipqcZhCN } from './zh-CN/ipqc.ts';
import { alarmsEn } from './en/alarms.ts';
import { alarmsZhCN } from './zh-CN/alarms.ts';
import { equipmentEn } from './en/equipment.ts';
import { equipmentZhCN } from './zh-CN/equipment.ts';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const resources = {
  en: { translation: { ...uiEn, ...dispensingEn, ...ipqcEn, ...alarmsEn, ...equipmentEn, errors: errorsEn } },
  'zh-CN': { translation: { ...uiZhCN, ...dispensingZhCN, ...ipqcZhCN, ...alarmsZhCN, ...equipmentZhCN, errors: errorsZhCN } },
} as const;

const STORAGE_KEY = 'batchline.locale';

export function storedLocale(): Locale | null {
  const v = globalThis.localStorage?.getItem(STORAGE_KEY);
  return v === 'en' || v === 'zh-CN' ? v : null;
}

export async function initI18n(locale: Locale): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

export async function switchLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
