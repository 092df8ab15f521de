/**
 * What a scan means, as the station and the UI see it. Produced only by parseBarcode(); every
 * field is plain data (strings for decimals and dates) so it crosses IPC and lands in ledger
 * payloads without a custom serialiser.
 */
import type { Symbology } from './symbology.ts';

export type BarcodeKind =
  /** GS1 element string identifying a trade item or anything other than a logistic unit. */
  | 'gs1'
  /** GS1 element string whose key is an SSCC, AI (00): a pallet or shipping unit. */
  | 'sscc'
  /** A bare GTIN from EAN-8/EAN-13/UPC-A/ITF-14 (no AIs in the symbol). */
  | 'gtin'
  /** China NMPA 20-digit drug traceability code (药品追溯码). */
  | 'cn-drug-trace'
  /** One of this plant's own container labels, recognised by a configured pattern. */
  | 'internal-container';

/** A measure carried with an implied decimal point (AIs 31nn-36nn), exact, never a float. */
export interface Gs1Measure {
  /** Decimal as text, e.g. "0.123" for (3103)000123. */
  readonly value: string;
  /** Unit as GS1 titles it: "kg", "lb", "l", "m³", "kg/m²" ... */
  readonly unit: string;
  /** What is measured: "NET WEIGHT", "GROSS WEIGHT", "LENGTH", ... */
  readonly quantity: string;
  readonly decimals: number;
}

/** A money amount (390n-393n) or percentage (394n), exact. */
export interface Gs1Amount {
  readonly value: string;
  readonly decimals: number;
  /** ISO 4217 numeric currency code, for 391n/393n. */
  readonly currency?: string;
}

export interface Gs1Element {
  readonly ai: string;
  readonly title: string;
  /** The raw value as encoded (no AI, no separator). */
  readonly value: string;
  /** Offset of the AI's first digit in the input given to parseBarcode. */
  readonly position: number;
  /** The value split into the AI's components (e.g. AI 7003: date, time). */
  readonly components: readonly string[];
  /** True when GS1 requires an FNC1 after this element unless it ends the data. */
  readonly fnc1Required: boolean;
  /** Calendar date "YYYY-MM-DD" for date AIs (day 00 already resolved to the month's last day). */
  readonly date?: string;
  /** "YYYY-MM-DDTHH:MM[:SS]" for AIs with a time of day (7003, 8008, 4324, 4325, 7011). */
  readonly dateTime?: string;
  /** Set when the barcode carried day "00" and `date` is the last day of that month. */
  readonly dayZero?: boolean;
  readonly measure?: Gs1Measure;
  readonly amount?: Gs1Amount;
}

export interface BarcodeWarning {
  readonly code: 'BARCODE_AI_ASSOCIATION' | 'BARCODE_BAD_SYMBOLOGY';
  readonly message: string;
  readonly ai?: string;
}

export interface CnDrugTraceCode {
  readonly code: string;
  /** 药品标识码: the first 7 digits identify the product (NMPA). */
  readonly productCode: string;
  /** The remaining 13 digits: the unit's serial and platform verification digits. */
  readonly unitCode: string;
}

export interface ParsedBarcode {
  readonly kind: BarcodeKind;
  /** The AIM symbology identifier the scanner sent (ISO/IEC 15424), when it sent one. */
  readonly symbology?: Symbology;
  /** The input exactly as given. */
  readonly raw: string;
  /** GS1 AIs in scan order (empty for cn-drug-trace and internal-container). */
  readonly elements: readonly Gs1Element[];
  /** Set when the scan was a GS1 Digital Link URI: what came before the primary key. */
  readonly digitalLink?: { readonly stem: string };
  /** The element string in human-readable bracketed form, e.g. "(01)09501101530003(10)ABC". */
  readonly hri?: string;
  readonly gtin?: string;
  readonly sscc?: string;
  readonly lot?: string;
  readonly serial?: string;
  /** Expiry "YYYY-MM-DD" from AI (17) or, failing that, the date of AI (7003). */
  readonly expiry?: string;
  readonly bestBefore?: string;
  readonly productionDate?: string;
  /** First net-content measure (AIs 310n-316n, 320n, 356n, 357n, 360n, 361n). */
  readonly netContent?: Gs1Measure;
  readonly count?: string;
  readonly cnDrugTrace?: CnDrugTraceCode;
  /** For internal-container: the configured pattern's name and its named groups. */
  readonly internal?: { readonly pattern: string; readonly fields: Readonly<Record<string, string>> };
  /** Things a reviewer should see that do not make the scan unusable. */
  readonly warnings: readonly BarcodeWarning[];
}
