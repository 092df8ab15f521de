// Owned by guided weigh & dispense (master data, recipes, orders, the execution engine).
// Add codes here, never rename shipped ones: deviations and refusal entries record them.
// Balance qualification answers reuse the device layer's codes (BALANCE_CALIBRATION_OVERDUE,
// BALANCE_CHECK_MISSING, BALANCE_CHECK_FAILED, BALANCE_BELOW_MINIMUM_WEIGHT,
// BALANCE_ABOVE_CAPACITY, READING_NOT_STABLE) so one fact has one code.
export const ENGINE_ERROR_CODES = [
  // Material identity and status (EU GMP Ch. 5.30-5.34: only released, in-date material).
  'LOT_UNKNOWN',
  'LOT_NOT_RELEASED',
  'LOT_EXPIRED',
  'LOT_PAST_RETEST',
  'WRONG_MATERIAL',
  'CONTAINER_UNKNOWN',
  'CONTAINER_EMPTY',
  'CONTAINER_SHORT',
  'CONTAINER_LABEL_MISMATCH',
  // A barcode the parser recognises (drug traceability code, SSCC, bare GTIN) scanned where a
  // container label is expected; details.kind names which (issue 18 item 8).
  'SCAN_NOT_CONTAINER_LABEL',
  // Room and equipment (pre-checks).
  'BOOTH_UNKNOWN',
  'BOOTH_NOT_CLEARED',
  'BOOTH_IN_USE',
  'BALANCE_UNKNOWN',
  'BALANCE_SERIAL_MISMATCH',
  'BALANCE_CALIBRATION_DUE',
  // Weighing results.
  'NET_OUT_OF_TOLERANCE',
  'NET_NOT_POSITIVE',
  // FR-142: the balance's tare or zero changed without the station commanding it (its own TARE or
  // ZERO key) after the tare on record: the capture is refused and recorded; tare again.
  'BALANCE_TARE_CHANGED',
  // FR-144: a weighing read against the balance's zero (a return, a check weight) while the
  // balance holds a tare (the station's from an earlier weighing, or one set on its keys).
  'BALANCE_HOLDS_TARE',
  // FR-154: a ZERO (or a TARE since cleared) pressed on the balance's keys with a load on the pan
  // since the station last zeroed it: the weight reads against a zero that moved; refused, recorded.
  'BALANCE_ZERO_UNRECORDED',
  'BALANCE_PAN_NOT_EMPTY',
  'TOLERANCE_FINER_THAN_READABILITY',
  // More taken from a container than its recorded stock: recorded, a supervisor decides (issue 18 item 11).
  'STOCK_DISCREPANCY',
  // Master data and training.
  'MASTER_DATA_STALE',
  'MASTER_DATA_INVALID',
  'MASTER_DATA_CONFLICT',
  'OPERATOR_NOT_TRAINED',
  // Recipes and orders.
  'RECIPE_UNKNOWN',
  'RECIPE_NOT_EFFECTIVE',
  'RECIPE_INVALID',
  'ORDER_UNKNOWN',
  'ORDER_DUPLICATE',
  'ORDER_NOT_STARTED',
  'ORDER_ALREADY_STARTED',
  'ORDER_COMPLETE',
  'ORDER_NOT_COMPLETE',
  'ORDER_IMPORT_INVALID',
  // The step state machine (21 CFR 11.10(f) sequence checks).
  'STEP_OUT_OF_SEQUENCE',
  'STEP_UNKNOWN',
  'STEP_COMMAND_INVALID',
  'PARAMETER_OUT_OF_LIMITS',
  'CHECKLIST_INCOMPLETE',
  'TIMER_NOT_ELAPSED',
  'LABEL_PRINT_FAILED',
  'LABEL_PRINTER_NOT_CONFIGURED',
  // Signatures and exceptions.
  'SIGNATURE_NOT_EXPECTED',
  'SIGNATURE_NOT_PERFORMER',
  'DEVIATION_REASON_MISSING',
  'DEVIATION_NOT_ALLOWED',
  'DEVIATION_PENDING',
  // The dispensary (issue 17): campaigns, changeovers, container choice, dispensing modes.
  'CHANGEOVER_REQUIRED',
  'CAMPAIGN_OPEN',
  'CAMPAIGN_UNKNOWN',
  'CAMPAIGN_LINE_NOT_READY',
  'CONTAINER_NOT_SUGGESTED',
  'DISPENSING_MODE_INVALID',
  // Kits and verification at the point of use (issue 17 item 4).
  'KIT_CONTAINER_NOT_DISPENSED',
  'KIT_CONTAINER_DUPLICATE',
  'KIT_INCOMPLETE',
  'KIT_NOT_STAGED',
  'KIT_CONTAINER_OTHER_BATCH',
  'KIT_CONTAINER_OTHER_STEP',
  'KIT_CONTAINER_MISSING',
  'KIT_CONTAINER_ALREADY_CHARGED',
  'HOLD_TIME_EXPIRED',
  // Volume step, containment (OEB / PPE) and label reconciliation (issue 17 items 3, 7, 8).
  'VOLUMETRIC_DEVICE_UNKNOWN',
  'VOLUMETRIC_DEVICE_CALIBRATION_DUE',
  'VOLUME_NOT_AT_RESOLUTION',
  'VOLUME_ABOVE_CAPACITY',
  'BOOTH_CONTAINMENT_INSUFFICIENT',
  'PPE_CHECKLIST_REQUIRED',
  'PPE_NOT_REQUIRED',
  'LABEL_UNKNOWN',
  'REPRINT_REASON_REQUIRED',
  'REPRINT_COSIGNATURE_REQUIRED',
  'REPRINT_NOT_AUTHORIZED',
  'LABEL_ALREADY_ACCOUNTED',
  'LABEL_DESTROY_REASON_REQUIRED',
  // FR-141: settling a print whose outcome is unknown (co-signed), and a label step waiting for it.
  'LABEL_PRINT_OUTCOME_UNKNOWN',
  'LABEL_PRINT_NOT_OPEN',
  'LABEL_PRINT_IN_PROGRESS',
  'LABEL_PRINT_ALREADY_SETTLED',
  'LABEL_SETTLEMENT_COSIGNATURE_REQUIRED',
  'LABEL_SETTLEMENT_SAME_PERSON',
  'LABEL_SETTLEMENT_COUNT_MISMATCH',
  'LABEL_SETTLEMENT_REASON_REQUIRED',
] as const;
