/**
 * react-i18next with the console's two languages (like the station: English and zh-CN). The
 * choice is kept in localStorage; the first visit follows the browser's language.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { consoleEn } from './en.ts';
import { consoleZhCN } from './zh-CN.ts';

export const CONSOLE_LOCALES = ['en', 'zh-CN'] as const;
export type ConsoleLocale = (typeof CONSOLE_LOCALES)[number];
const STORAGE_KEY = 'batchline.console.locale';

export function initialLocale(): ConsoleLocale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function initConsoleI18n(locale: ConsoleLocale): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } },
    lng: locale,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = locale;
}

export async function setConsoleLocale(locale: ConsoleLocale): Promise<void> {
  await i18next.changeLanguage(locale);
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
