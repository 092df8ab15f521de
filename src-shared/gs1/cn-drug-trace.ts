/**
 * China's drug traceability code (药品追溯码) in its 20-digit numeric form, printed on every
 * sales pack under the NMPA traceability rules: 20 digits, the first 7 being the product
 * identification code (药品标识码) assigned per product/pack specification, the remaining 13 the
 * unit's serial and verification digits. The verification digits are checked by the issuing
 * platform, not by a public algorithm, so offline we can only check the shape.
 */
import type { CnDrugTraceCode } from './types.ts';

export function matchCnDrugTrace(data: string): CnDrugTraceCode | undefined {
  if (!/^\d{20}$/.test(data)) return undefined;
  return { code: data, productCode: data.slice(0, 7), unitCode: data.slice(7) };
}
