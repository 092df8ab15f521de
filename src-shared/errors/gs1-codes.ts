// Owned by the GS1 / barcode layer (src-shared/gs1). Add codes here, never rename shipped ones.
export const GS1_ERROR_CODES = [
  'BARCODE_UNKNOWN_AI',
  'BARCODE_BAD_LENGTH',
  'BARCODE_BAD_CHECK_DIGIT',
  'BARCODE_BAD_DATE',
  'BARCODE_MISSING_SEPARATOR',
  'BARCODE_UNRECOGNISED',
] as const;
