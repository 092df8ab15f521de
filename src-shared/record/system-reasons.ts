/**
 * Reasons the system itself writes into a deviation (FR-102): a code and its values, worded at
 * display and print time in the reader's language by the record-line catalogue
 * (record-line-text.ts, line key `reason.<code>`), never an English sentence stored for everyone.
 * The English text is still stored beside it (`reason`), so older readers and the ledger's
 * minimum-length rule are served; records from before have only that text and show it as it is.
 */
export const SYSTEM_REASON_KEYS = ['yield-out-of-limits', 'balance-not-closed', 'return-discrepancy', 'ipqc-oos', 'ipqc-oot'] as const;
export type SystemReasonKey = (typeof SYSTEM_REASON_KEYS)[number];
export type SystemReasonParams = Record<string, string | number>;

/** The record-line key a system reason is worded by. */
export function systemReasonLineKey(key: SystemReasonKey): string {
  return `reason_${key.replaceAll('-', '_')}`;
}
