// Owned by the device layer (src-main/devices). Add codes here, never rename shipped ones.
export const DEVICE_ERROR_CODES = [
  'DEVICE_TIMEOUT',
  'DEVICE_DISCONNECTED',
  'DEVICE_COMMAND_ERROR',
  'DEVICE_PROTOCOL_ERROR',
  'READING_NOT_STABLE',
  'BALANCE_OVERLOAD',
  'BALANCE_UNDERLOAD',
] as const;
