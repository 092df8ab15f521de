/**
 * Options of parseBarcode(). The reference year is the only input from outside the scan: the
 * caller passes the station clock's year so parsing is reproducible; when omitted the current
 * UTC year is used.
 */
import type { InternalContainerPattern } from './internal-container.ts';

export interface ParseBarcodeOptions {
  /** Four-digit year for the GS1 century rule (GenSpecs §7.12). Default: the current UTC year. */
  readonly referenceYear?: number;
  /**
   * Extra characters that stand for FNC1 in raw data besides GS (ASCII 29), for wedge scanners
   * configured to type GS as a printable character (e.g. "~" or "^"). Never a digit or letter.
   */
  readonly separatorAliases?: readonly string[];
  /** This plant's own container labels, tried in order before GS1 interpretation of plain data. */
  readonly internalPatterns?: readonly InternalContainerPattern[];
  /** Recognise China's 20-digit drug traceability code. Default true. */
  readonly cnDrugTrace?: boolean;
  /** Refuse AI pairing violations (GenSpecs §4.13/§4.14) instead of warning. Default false. */
  readonly strictAssociations?: boolean;
  /** Longest input accepted; GS1 DataMatrix holds at most 2335 alphanumerics. Default 4096. */
  readonly maxLength?: number;
}

export function currentUtcYear(): number {
  return new Date().getUTCFullYear();
}
