/**
 * Every stable error code Batchline can return, as one zod enum. Codes are SCREAMING_SNAKE,
 * never renamed once shipped (deviations and audit exports record them); the UI maps each to
 * operator text in both languages. Each area keeps its own list in src-shared/errors/ so that
 * areas can grow without touching each other's lines.
 */
import { z } from 'zod';
import { LEDGER_ERROR_CODES } from './errors/ledger-codes.ts';
import { AUTH_ERROR_CODES } from './errors/auth-codes.ts';
import { DEVICE_ERROR_CODES } from './errors/device-codes.ts';
import { GS1_ERROR_CODES } from './errors/gs1-codes.ts';
import { COMMON_ERROR_CODES } from './errors/common-codes.ts';
import { ENGINE_ERROR_CODES } from './errors/engine-codes.ts';
import { API_ERROR_CODES } from './errors/api-codes.ts';
import { SYNC_ERROR_CODES } from './errors/sync-codes.ts';
import { QUALITY_ERROR_CODES } from './errors/quality-codes.ts';
import { ARCHIVE_ERROR_CODES } from './errors/archive-codes.ts';
import { NOTIFY_ERROR_CODES } from './errors/notify-codes.ts';
import { RECONCILIATION_ERROR_CODES } from './errors/reconciliation-codes.ts';
import { IPQC_ERROR_CODES } from './errors/ipqc-codes.ts';
import { ENVIRONMENT_ERROR_CODES } from './errors/environment-codes.ts';
import { RECIPE_ERROR_CODES } from './errors/recipe-codes.ts';
import { ERP_ERROR_CODES } from './errors/erp-codes.ts';
import { ALARM_ERROR_CODES } from './errors/alarm-codes.ts';
import { OEE_ERROR_CODES } from './errors/oee-codes.ts';
import { EQUIPMENT_ERROR_CODES } from './errors/equipment-codes.ts';
import { FORM_ERROR_CODES } from './errors/form-codes.ts';
import { TEMPLATE_ERROR_CODES } from './errors/template-codes.ts';
import { RELEASE_ERROR_CODES } from './errors/release-codes.ts';
import { CLI_ERROR_CODES } from './errors/cli-codes.ts';

export const ErrorCode = z.enum([
  ...COMMON_ERROR_CODES,
  ...LEDGER_ERROR_CODES,
  ...AUTH_ERROR_CODES,
  ...DEVICE_ERROR_CODES,
  ...GS1_ERROR_CODES,
  ...API_ERROR_CODES,
  ...ENGINE_ERROR_CODES,
  ...SYNC_ERROR_CODES,
  ...QUALITY_ERROR_CODES,
  ...ARCHIVE_ERROR_CODES,
  ...NOTIFY_ERROR_CODES,
  ...RECONCILIATION_ERROR_CODES,
  ...IPQC_ERROR_CODES,
  ...ENVIRONMENT_ERROR_CODES,
  ...RECIPE_ERROR_CODES,
  ...ERP_ERROR_CODES,
  ...ALARM_ERROR_CODES,
  ...OEE_ERROR_CODES,
  ...EQUIPMENT_ERROR_CODES,
  ...FORM_ERROR_CODES,
  ...TEMPLATE_ERROR_CODES,
  ...RELEASE_ERROR_CODES,
  ...CLI_ERROR_CODES,
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const BatchlineErrorSchema = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
