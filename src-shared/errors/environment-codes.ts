// Owned by environmental monitoring (issue 13 item 1): readings over MQTT and OPC UA, excursions,
// step gating. Add codes here, never rename shipped ones: ingest counters and refusals record them.
export const ENVIRONMENT_ERROR_CODES = [
  // A reading's payload is not JSON, lacks a field, has a value that is not a finite number, a
  // time that is not UTC ISO-8601, a unit that is not the quantity's, or a topic that names
  // another room or quantity than the payload (details: reason, field).
  'ENV_READING_INVALID',
  // A reading for a room the master data has no limits for (details: room).
  'ENV_ROOM_UNKNOWN',
  // The same reading again (QoS 1 delivers at least once) or one older than the last one kept.
  'ENV_READING_STALE',
  // A step refused because its room is in an action excursion (details: room, quantity, value,
  // limit, excursionId); a supervisor may override with an approved deviation.
  'ENV_ACTION_EXCURSION',
  // An excursion to acknowledge is not known, or is already acknowledged.
  'ENV_EXCURSION_UNKNOWN',
  'ENV_EXCURSION_ACKNOWLEDGED',
  // A room's limits set through the generic master-data route (a change, a new room with limits, a
  // withdrawal of a room with limits): only the signed room-limits change sets them (FR-114;
  // details: kind, key, fields, route).
  'ROOM_LIMITS_NEED_SIGNATURE',
] as const;
