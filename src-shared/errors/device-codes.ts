// Owned by the device layer (src-main/devices) and the shared mass helpers (src-shared/mass.ts).
// Add codes here, never rename shipped ones.
export const DEVICE_ERROR_CODES = [
  'DEVICE_TIMEOUT',
  'DEVICE_DISCONNECTED',
  'DEVICE_COMMAND_ERROR',
  'DEVICE_PROTOCOL_ERROR',
  'READING_NOT_STABLE',
  // A reading older than the driver's freshness window: never shown or used as the current weight.
  'READING_STALE',
  'BALANCE_OVERLOAD',
  'BALANCE_UNDERLOAD',
  // Port and driver.
  'DEVICE_PORT_OPEN_FAILED',
  'DEVICE_WRITE_FAILED',
  'DEVICE_BUSY',
  'DEVICE_COMMAND_UNSUPPORTED',
  'DEVICE_NOT_CONNECTED',
  'DEVICE_SETTINGS_INVALID',
  // FR-145: the label printer's host status (~HS) after the job names a fault (paper out, paused, head up …).
  'LABEL_PRINTER_FAULT',
  // One balance line that is not a valid message of its protocol (codec refusals).
  'BALANCE_LINE_EMPTY',
  'BALANCE_LINE_TOO_LONG',
  'BALANCE_LINE_NOT_ASCII',
  'BALANCE_LINE_MALFORMED',
  'BALANCE_LINE_UNKNOWN_RESPONSE',
  'BALANCE_UNIT_UNSUPPORTED',
  // A weight line without a unit (SBI prints none while unstable): never read in an assumed unit.
  'BALANCE_UNIT_MISSING',
  'BALANCE_NUMBER_INVALID',
  'BALANCE_PATTERN_INVALID',
  // The balance refused or failed a command (MT-SICS ES/ET/EL, "x I", A&D EC,Ex, SBI Err).
  'BALANCE_COMMAND_NOT_EXECUTABLE',
  'BALANCE_SYNTAX_ERROR',
  'BALANCE_TRANSMISSION_ERROR',
  'BALANCE_LOGICAL_ERROR',
  'BALANCE_RANGE_EXCEEDED',
  // Qualification gates (the engine asks whether a balance may weigh; these are the answers).
  'BALANCE_CALIBRATION_OVERDUE',
  'BALANCE_CHECK_MISSING',
  'BALANCE_CHECK_FAILED',
  'BALANCE_BELOW_MINIMUM_WEIGHT',
  'BALANCE_ABOVE_CAPACITY',
  'BALANCE_QUALIFICATION_INVALID',
  // Exact masses (src-shared/mass.ts).
  'MASS_AMOUNT_INVALID',
  'MASS_UNIT_UNKNOWN',
  'MASS_READABILITY_INVALID',
] as const;
