/**
 * Expected failures are values, not exceptions (STYLE.md, "Expected failures are values with
 * codes"). Every core and API function that can refuse operator or device input returns a
 * Result; only broken invariants throw (see InvariantViolation).
 */
import type { ErrorCode } from './errors.ts';

export interface BatchlineError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export type Result<T, E = BatchlineError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** Unwraps a Result in places where failure is a bug (tests, seeding); never for operator input. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new InvariantViolation(`unexpected ${result.error.code}: ${result.error.message}`);
}

/**
 * A broken invariant inside our own code (a hash chain inconsistent inside our own
 * transaction, a projection that cannot be applied). Thrown loudly; never used for input.
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/** Exhaustiveness check: the compiler proves every case of a union is handled. */
export function missingCase(value: never): never {
  throw new InvariantViolation(`unhandled case: ${JSON.stringify(value)}`);
}
