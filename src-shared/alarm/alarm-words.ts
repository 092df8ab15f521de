/**
 * The parameters an alarm's words are filled from, in the reader's language. A lost balance's
 * cause (src-main/core/alarm/alarm-service.ts, lostParams) is recorded as `cause` and numbers,
 * not as the English sentence alone: 'silent' reads "no data for N ms" in the reader's words;
 * 'port' (and an alarm recorded before `cause` existed) reads "the connection failed", with the
 * driver's or operating system's own text beside it for English readers only (as the devices
 * screen shows a device's last error). Shared by the station's banner and the console.
 */
export type AlarmWordsT = (key: string, options?: Record<string, unknown>) => string;

export function alarmWordParams(t: AlarmWordsT, language: string, messageKey: string, params: Readonly<Record<string, string>>): Record<string, string> {
  if (messageKey !== 'balance-lost') return { ...params };
  if (params.cause === 'silent') return { ...params, reason: t('alarms.lostCause.silent', { ms: params.silentMs ?? '' }) };
  const port = t('alarms.lostCause.port');
  return { ...params, reason: language.startsWith('en') && params.reason ? `${port} (${params.reason})` : port };
}
