// Owned by the Station API layer (src-shared/api, src-main/api, src-main/web, src-main/electron,
// src-renderer/api). Add codes here, never rename shipped ones.
export const API_ERROR_CODES = [
  // A method name that is not in the contract map (an old client, a typo, a probe).
  'API_METHOD_UNKNOWN',
  // A handler threw instead of returning a Result: a bug, logged with its stack on the station.
  'API_INTERNAL_ERROR',
  // The server's answer did not parse with the contract's output schema (client and server drifted).
  'API_RESPONSE_INVALID',
  // The station could not be reached (web mode: server stopped, network cut).
  'API_UNREACHABLE',
  // A call from a frame, origin or host the station does not trust (IPC sender check, DNS rebinding).
  'API_SENDER_REFUSED',
  // A station setting key that does not exist, or a value that does not fit its schema.
  'SETTINGS_INVALID',
] as const;
