// Owned by process equipment (issue 13 item 2): the register, its logbook and step gating. Add
// codes here, never rename shipped ones: refusals and logbook entries record them.
export const EQUIPMENT_ERROR_CODES = [
  // No equipment of that id in the station's (or hub's) master data (details: equipmentId).
  'EQUIPMENT_UNKNOWN',
  // Equipment of another class than the step asks for (details: equipmentId, class, required).
  'EQUIPMENT_WRONG_CLASS',
  // Taken out of service by a breakdown entry and not yet returned by a repair.
  'EQUIPMENT_OUT_OF_SERVICE',
  // IQ, OQ or PQ missing, or requalification past due (details: stage, requalificationDueAt).
  'EQUIPMENT_NOT_QUALIFIED',
  'EQUIPMENT_CALIBRATION_OVERDUE',
  'EQUIPMENT_MAINTENANCE_OVERDUE',
  // Dirty (used and not cleaned since), and this product may not follow without cleaning.
  'EQUIPMENT_NOT_CLEAN',
  // Cleaned longer ago than its clean hold time.
  'EQUIPMENT_CLEAN_HOLD_EXPIRED',
  // Left dirty longer than its dirty hold time (before its cleaning, or until now).
  'EQUIPMENT_DIRTY_HOLD_EXPIRED',
  // Cleaned, but at a lower level than the changeover from the last product needs.
  'EQUIPMENT_CHANGEOVER_CLEAN_REQUIRED',
  // The step names an equipment class and no equipment of it was given, or one twice.
  'EQUIPMENT_REQUIRED',
  // Qualification, calibration, maintenance, cleaning or service state set through the generic
  // master-data route: only a signed logbook entry sets them (FR-114; details: kind, key, fields, route).
  'EQUIPMENT_STATE_NEEDS_SIGNATURE',
  // A calibration or maintenance plan (required, interval), a hold time or a changeover rule of
  // registered equipment changed through the generic master-data route: only a signed plan
  // change sets them (FR-121; details: kind, key, fields, route).
  'EQUIPMENT_PLAN_NEEDS_SIGNATURE',
  // A balance's periodic check plan (check weights, nominal masses, acceptance, validity) changed
  // through the generic master-data route, also by withdrawing and registering it again: only a
  // signed check-plan change sets it (FR-123; details: kind, key, fields, route).
  'BALANCE_CHECK_PLAN_NEEDS_SIGNATURE',
] as const;
