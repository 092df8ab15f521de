/**
 * The one-time code (TOTP) a person typed in a signing form (D25-03, FR-101). The hub reads it
 * from the `x-batchline-otp` header of the signing request, so every signing form only has to
 * show the field (components/otp-field.tsx): while it is shown, the console client sends what it
 * holds with each POST; it is forgotten when the form closes. A code is spent only by a signature.
 */
let pending: string | null = null;

export function setSigningCode(code: string): void {
  pending = code.trim() === '' ? null : code.trim();
}

/** The code for the request being sent (null: none typed, or no signing form open). */
export function takeSigningCode(): string | null {
  return pending;
}
