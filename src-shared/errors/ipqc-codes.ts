// Owned by in-process control (IPQC, issue 12 item 2). Add codes here, never rename shipped
// ones: refusals and deviations record them.
export const IPQC_ERROR_CODES = [
  // A check plan is malformed or of a schema version this code does not read (details: reasons).
  'CHECK_PLAN_INVALID',
  // The batch has no IPQC check of that id, or no running order with check plans.
  'IPQC_CHECK_UNKNOWN',
  'IPQC_NOT_RUNNING',
  // A result needs the plan's sample size: N typed values, or N stable balance readings.
  'IPQC_SAMPLE_INCOMPLETE',
  // The value's unit is not the plan's, or a balance check read a non-mass unit.
  'IPQC_UNIT_MISMATCH',
  // A unit count lower than the last one recorded (counts only go up).
  'IPQC_OUTPUT_DECREASED',
  // No IPQC alert / result of that id at this station, or it is already acknowledged / signed.
  'IPQC_ALERT_UNKNOWN',
  'IPQC_ALERT_ALREADY_ACKNOWLEDGED',
  'IPQC_RESULT_UNKNOWN',
] as const;
