/**
 * Error codes whose words the console shares with the station, word for word in both languages:
 * the console takes them from the station's catalogue (src-shared/errors/words-{en,zh-CN}.ts)
 * instead of keeping copies that drift. Codes the console words differently for the hub's reader
 * stay in its own catalogue; a code in neither shows the hub's message.
 */
import type { ErrorCode } from '../../src-shared/errors.ts';

export const SHARED_ERROR_CODES = [
  'AUTH_INVALID_CREDENTIALS', 'AUTH_ACCOUNT_DISABLED', 'AUTH_ACCOUNT_PENDING', 'AUTH_RATE_LIMITED', 'AUTH_LAST_ADMIN', 'AUTH_PASSWORD_POLICY',
  'RECIPE_VERSION_UNKNOWN', 'RECIPE_VERSION_IMMUTABLE', 'RECIPE_TRANSITION_OUT_OF_ORDER', 'RECIPE_SIGNER_ROLE_INVALID', 'RECIPE_SIGNER_IS_AUTHOR', 'RECIPE_SIGNER_ALREADY_SIGNED', 'RECIPE_CHANGE_REQUIRED', 'RECIPE_FLOW_INVALID', 'RECIPE_FLOW_UNUSABLE',
  'TEMPLATE_VERSION_UNKNOWN', 'TEMPLATE_VERSION_IMMUTABLE', 'TEMPLATE_INVALID', 'TEMPLATE_CHANGE_REQUIRED', 'TEMPLATE_TRANSITION_OUT_OF_ORDER', 'TEMPLATE_SIGNER_ROLE_INVALID', 'TEMPLATE_SIGNER_IS_AUTHOR', 'TEMPLATE_SIGNER_ALREADY_SIGNED', 'TEMPLATE_FLOW_INVALID', 'TEMPLATE_FLOW_UNUSABLE',
  'INPUT_TOO_LARGE', 'NOT_FOUND', 'OUTPUT_LOT_CONFLICT',
  // Second factor at signing (FR-101): the hub's refusals say what the station's do.
  'SIGNATURE_MFA_REQUIRED', 'SIGNATURE_MFA_INVALID', 'SIGNATURE_MFA_REUSED', 'SIGNATURE_MFA_NOT_ENROLLED',
  'ENV_READING_INVALID', 'ENV_ROOM_UNKNOWN', 'ENV_READING_STALE', 'ENV_ACTION_EXCURSION', 'ENV_EXCURSION_UNKNOWN', 'ENV_EXCURSION_ACKNOWLEDGED',
  'ALARM_UNKNOWN', 'ALARM_ALREADY_ACKNOWLEDGED', 'ALARM_COMMENT_REQUIRED', 'ALARM_ALREADY_CLEARED', 'ALARM_INVALID',
  'EQUIPMENT_SIGNAL_INVALID', 'EQUIPMENT_SIGNAL_STALE', 'OEE_NO_PLANNED_TIME', 'OEE_COUNTS_BACKWARDS', 'OEE_INPUT_INVALID', 'OEE_SHIFT_UNKNOWN',
  'SPC_TOO_FEW_POINTS', 'SPC_SUBGROUP_SIZE', 'SPC_VALUE_NOT_FINITE', 'SPC_SPEC_LIMITS_INVALID', 'SPC_LIMITS_UNKNOWN', 'SPC_CHANGE_REQUIRED',
  'DEVIATION_STATE_INVALID', 'DEVIATION_ALREADY_OPENED', 'CAPA_ACTIONS_OPEN', 'CAPA_ACTION_UNKNOWN', 'RELEASE_QUALITY_RECORDS_OPEN', 'RELEASE_OQC_OPEN',
  'CHANGE_UNKNOWN', 'CHANGE_STATE_INVALID', 'SPEC_UNKNOWN', 'SPEC_CHANGE_REQUIRED',
  'IQC_TASK_UNKNOWN', 'IQC_STATE_INVALID', 'IQC_RESULT_CONFLICT', 'IQC_RESULTS_INCOMPLETE', 'IQC_RECEIPT_INVALID',
  'CHECK_PLAN_INVALID', 'IPQC_CHECK_UNKNOWN', 'IPQC_NOT_RUNNING', 'IPQC_SAMPLE_INCOMPLETE', 'IPQC_UNIT_MISMATCH', 'IPQC_OUTPUT_DECREASED', 'IPQC_ALERT_UNKNOWN', 'IPQC_ALERT_ALREADY_ACKNOWLEDGED', 'IPQC_RESULT_UNKNOWN',
] as const satisfies readonly ErrorCode[];
export type SharedErrorCode = (typeof SHARED_ERROR_CODES)[number];

/** The shared codes' words from one language of the station's catalogue (every one must be there). */
export function stationErrorWords(catalogue: Partial<Record<ErrorCode, string>>): Record<SharedErrorCode, string> {
  return Object.fromEntries(
    SHARED_ERROR_CODES.map((code) => {
      const words = catalogue[code];
      if (words === undefined) throw new Error(`the station catalogue has no words for ${code}`);
      return [code, words];
    }),
  ) as Record<SharedErrorCode, string>;
}
