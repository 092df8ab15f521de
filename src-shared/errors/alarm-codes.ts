// Owned by alarms (issue 13 item 5; Annex 11 2025 draft, the alarms chapter). Add codes here,
// never rename shipped ones: refusals and the audit trail record them.
export const ALARM_ERROR_CODES = [
  // No alarm of that id (at this station, or at the hub for that station).
  'ALARM_UNKNOWN',
  // An alarm is acknowledged once, by one named person; a second acknowledgement is refused.
  'ALARM_ALREADY_ACKNOWLEDGED',
  // An acknowledgement needs a comment (what was done or why it is accepted).
  'ALARM_COMMENT_REQUIRED',
  // An alarm is cleared once, when its condition is gone; an event alarm has no condition to clear.
  'ALARM_ALREADY_CLEARED',
  // The same alarm id raised again with other content, or a time before the alarm was raised.
  'ALARM_INVALID',
] as const;
