/**
 * AIM symbology identifiers (ISO/IEC 15424) a scanner may put in front of the data: "]" + code
 * character + modifier. GS1 General Specifications §5.1.2 / Figure 5.1.2-2 lists the ones that
 * announce GS1 data; they tell us whether the data is an element string (FNC1 in first
 * position), a bare GTIN, or plain text. Scanners should be configured to send them: without
 * one, a 14-digit string is ambiguous between a GTIN-14 and an AI string.
 */
import { err, ok, type Result } from '../result.ts';

export type SymbologyContent =
  /** GS1 element string: AIs, FNC1-separated. */
  | 'element-string'
  /** Bare GTIN: EAN/UPC (13 or 8 digits) or ITF-14. */
  | 'gtin'
  /** Not GS1: the data is plain text in that symbology. */
  | 'plain';

export interface Symbology {
  /** The identifier as sent, e.g. "]d2". */
  readonly id: string;
  readonly name: string;
  readonly content: SymbologyContent;
  /** For content 'gtin': the number of digits the symbol transmits. */
  readonly gtinDigits?: 8 | 13 | 14;
}

const KNOWN: Readonly<Record<string, Omit<Symbology, 'id'>>> = {
  ']C1': { name: 'GS1-128', content: 'element-string' },
  ']e0': { name: 'GS1 DataBar / GS1 Composite', content: 'element-string' },
  ']e1': { name: 'GS1 Composite (CC component)', content: 'element-string' },
  ']e2': { name: 'GS1 Composite (CC component, escape mechanism)', content: 'element-string' },
  ']d2': { name: 'GS1 DataMatrix', content: 'element-string' },
  ']Q3': { name: 'GS1 QR Code', content: 'element-string' },
  ']J1': { name: 'GS1 DotCode', content: 'element-string' },
  ']E0': { name: 'EAN-13 / UPC-A / UPC-E', content: 'gtin', gtinDigits: 13 },
  ']E4': { name: 'EAN-8', content: 'gtin', gtinDigits: 8 },
  ']I1': { name: 'ITF-14', content: 'gtin', gtinDigits: 14 },
  ']C0': { name: 'Code 128', content: 'plain' },
  ']d1': { name: 'Data Matrix', content: 'plain' },
  ']Q1': { name: 'QR Code', content: 'plain' },
  ']A0': { name: 'Code 39', content: 'plain' },
  ']I0': { name: 'Interleaved 2 of 5', content: 'plain' },
};

export interface SplitSymbology {
  readonly symbology?: Symbology;
  /** Offset in the input where the data after the identifier starts. */
  readonly dataStart: number;
}

/** Splits a leading AIM symbology identifier off `input`, if there is one. */
export function splitSymbologyId(input: string): Result<SplitSymbology> {
  if (!input.startsWith(']')) return ok({ dataStart: 0 });
  const id = input.slice(0, 3);
  if (!/^\][A-Za-z][0-9A-Za-z]$/.test(id)) {
    return err('BARCODE_BAD_SYMBOLOGY', `"${id}" is not an AIM symbology identifier (ISO/IEC 15424: "]", a letter, a modifier)`, { position: 0 });
  }
  const known = KNOWN[id];
  const symbology: Symbology = known ? { id, ...known } : { id, name: `AIM ${id}`, content: 'plain' };
  return ok({ symbology, dataStart: 3 });
}
