// Owned by equipment signals and OEE (issue 13 items 3 and 4): equipment states and counts over
// OPC UA, and OEE per line and shift. Add codes here, never rename shipped ones: ingest counters
// and refusals record them.
export const OEE_ERROR_CODES = [
  // An equipment signal refused: a bad status, a state that is not running/idle/down, a counter
  // that is not a whole number ≥ 0, or no source timestamp (details: reason, field).
  'EQUIPMENT_SIGNAL_INVALID',
  // A state change or count dated before the last one applied for that equipment.
  'EQUIPMENT_SIGNAL_STALE',
  // OEE asked for a window with no planned production time (empty shift, breaks covering it, a
  // shift that has not started yet).
  'OEE_NO_PLANNED_TIME',
  // A count increment below zero, or more rejects than units counted, given to the OEE computation.
  'OEE_COUNTS_BACKWARDS',
  // State intervals that end before they start or overlap, or an ideal rate that is not a
  // positive decimal (details: equipmentId, reason).
  'OEE_INPUT_INVALID',
  // A line or shift that the hub's shift calendar does not name, or a date that is not YYYY-MM-DD.
  'OEE_SHIFT_UNKNOWN',
] as const;
