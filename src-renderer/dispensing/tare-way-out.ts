import type { ErrorCode } from '../../src-shared/errors.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

/**
 * FR-154: the refusals the station's clear of a balance's tare and zero is the way out of. The
 * weighing screen offers the clear under the live weight after one of them, not under every live
 * weight (there it pushed the tare step's target and scan below the fold at 1280×800).
 */
export const TARE_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['BALANCE_HOLDS_TARE', 'BALANCE_ZERO_UNRECORDED', 'BALANCE_TARE_CHANGED', 'BALANCE_PAN_NOT_EMPTY']);

export function tareWayOut(error: BatchlineError | null): boolean {
  return error !== null && (TARE_REFUSALS as ReadonlySet<string>).has(error.code);
}
