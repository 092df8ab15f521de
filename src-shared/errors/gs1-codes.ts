// Owned by the GS1 / barcode layer (src-shared/gs1, src-shared/scanner, src-main/devices/scanner,
// src-main/devices/label). Add codes here, never rename shipped ones.
export const GS1_ERROR_CODES = [
  'BARCODE_UNKNOWN_AI',
  'BARCODE_BAD_LENGTH',
  'BARCODE_BAD_CHECK_DIGIT',
  'BARCODE_BAD_DATE',
  'BARCODE_MISSING_SEPARATOR',
  'BARCODE_UNRECOGNISED',
  // A GS1 Digital Link URI that breaks the URI syntax of the standard (key order, escapes, ...).
  'BARCODE_BAD_DIGITAL_LINK',
  // Nothing scanned (empty line, only a symbology identifier).
  'BARCODE_EMPTY',
  // Longer than any GS1 carrier can hold; refused before parsing so no input can stall the parser.
  'BARCODE_TOO_LONG',
  // A character outside the AI's character set (GS1 GenSpecs §7.11: set 82, set 39, set 64, digits).
  'BARCODE_BAD_CHARACTER',
  // A content rule other than date or check digit failed (time of day, IBAN, piece-of-total, ...).
  'BARCODE_BAD_VALUE',
  // Bracketed element string that is not "(AI)value(AI)value...".
  'BARCODE_BAD_SYNTAX',
  // The same AI twice with different values (GenSpecs §4.14: one meaning per AI per item).
  'BARCODE_DUPLICATE_AI',
  // A mandatory / invalid AI pairing (GenSpecs §4.13, "req=" / "ex=" rules), when checked strictly.
  'BARCODE_AI_ASSOCIATION',
  // A symbology identifier we do not know, or data that does not fit the one given (]E0 + 12 digits).
  'BARCODE_BAD_SYMBOLOGY',
  // A serial scanner sent more bytes than a scan can hold without a line terminator.
  'SCANNER_LINE_TOO_LONG',
  // Label content that cannot be printed as given (control characters, too long for the field).
  'LABEL_FIELD_INVALID',
  // The barcode library refused to render the label's symbol (e.g. data exceeds DataMatrix capacity).
  'LABEL_RENDER_FAILED',
] as const;
