// Owned by step forms (issue 14 item 2). Add codes here, never rename shipped ones: refusals
// record them in the ledger.
export const FORM_ERROR_CODES = [
  // A form definition that cannot be used as written (details: problems, each { kind, field, message }).
  'FORM_DEFINITION_INVALID',
  // Form values that do not fit the form: an unknown or inapplicable field, a wrong type, a required field left empty (details: field, problems).
  'FORM_VALUES_INVALID',
  // A form value (entered or calculated) outside a limit of its field (details: field, keyword, limit, value, unit).
  'FORM_VALUE_OUT_OF_LIMITS',
  // A field filled by someone without a role the form allows for it (details: field, roles).
  'FORM_FIELD_ROLE_FORBIDDEN',
  // A calculation could not be computed from the values given, e.g. a division by zero (details: field, reason).
  'FORM_CALCULATION_FAILED',
  // A form filled by more than one person (FR-105): a field already recorded in an earlier part of the form is given again (details: field, recordedSeq, recordedBy). A recorded value is never overwritten.
  'FORM_FIELD_ALREADY_RECORDED',
  // A correction (FR-116) of a field that holds no recorded value: an empty or open field, a form not recorded yet, or not a field of this form (details: field).
  'FORM_FIELD_NOT_RECORDED',
  // A correction (FR-116) that gives the value already recorded (details: field, value).
  'FORM_CORRECTION_UNCHANGED',
  // A correction (FR-116) after the form was verified or its step closed, by someone who is not a supervisor (details: field, recordSeq, verifiedSeq).
  'FORM_CORRECTION_NEEDS_SUPERVISOR',
  // A correction (FR-116) once the order is complete: the batch record is closed for the station; a wrong value is then a deviation for QA (details: field).
  'FORM_RECORD_CLOSED',
  // A correction (FR-116) signed under another name than the person correcting: the corrector signs their own correction (details: username).
  'FORM_CORRECTION_SIGNER_MISMATCH',
  // A correction (FR-125) whose screen showed a value another correction has replaced since: nothing written, the dialog reloads the value in force (details: field, replaces, inForce).
  'FORM_VALUE_CORRECTED_SINCE',
  // A correction (FR-116) of a calculated field: nobody corrects it, the station recalculates it from the values it is calculated from, which are corrected instead (details: field, from).
  'FORM_FIELD_CALCULATED',
] as const;
