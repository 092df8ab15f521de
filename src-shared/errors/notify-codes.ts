// Owned by notifications (issue 13 item 6: DingTalk, WeCom, e-mail). Add codes here, never rename
// shipped ones: the delivery log records them.
export const NOTIFY_ERROR_CODES = [
  // A robot or the SMTP server could not be reached, answered an error, or refused the message.
  'NOTIFY_DELIVERY_FAILED',
  // A rule or a test message names a channel the hub does not have.
  'NOTIFY_CHANNEL_UNKNOWN',
] as const;
