/**
 * The second factor at signing (COMPLIANCE.md D25-03): time-based one-time passwords (RFC 6238,
 * 6 digits, 30 s steps, SHA-1: what every authenticator app reads from an otpauth:// URI), by
 * otplib. The station's clock decides the time step, never the caller; one step either side is
 * accepted for clock skew between the phone and the station. A code is good once: the caller
 * keeps the last time step used per user and refuses a step at or before it (RFC 6238 §5.2).
 */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export const TOTP_ISSUER = 'Batchline';

export function newTotpSecret(): string {
  return generateSecret();
}

/** The enrolment URI an authenticator app scans (shown once, as text and as a QR code). */
export function totpUri(secret: string, account: string, issuer = TOTP_ISSUER): string {
  return generateURI({ issuer, label: account, secret });
}

export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** The 30-second time step the code belongs to (within one step of `at`), or null when it matches none. */
export function matchTotp(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  try {
    const epoch = Math.floor(at.getTime() / 1000);
    const r = verifySync({ secret, token: code.trim(), epoch, epochTolerance: 30 });
    return r.valid ? Math.floor(epoch / 30) + r.delta : null;
  } catch {
    return null;
  }
}

export function verifyTotp(secret: string, code: string, at: Date): boolean {
  return matchTotp(secret, code, at) !== null;
}
