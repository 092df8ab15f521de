/**
 * What the auth and signature services read and write about users (implemented over SQLite
 * in src-main/db/user-directory.ts). Writes take a LedgerWriteTx: a credential never changes
 * without the ledger entry that records the change committing with it.
 */
import type { Result } from '../../../src-shared/result.ts';
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { LedgerWriteTx } from '../../../src-core/ledger/ledger-ports.ts';

export interface UserRecord {
  userId: string;
  username: string;
  printedName: string;
  roles: Role[];
  status: 'pending' | 'active' | 'locked' | 'disabled';
  failedAttempts: number;
  mustChangePassword: boolean;
  passwordChangedAt: string;
  signingCertFingerprint: string | null;
}

export interface UserCredentials {
  passwordHash: string;
  /** Previous hashes, newest first. */
  passwordHistory: string[];
  wrappedKey: unknown;
}

export interface UserDirectory {
  byUsername(username: string): UserRecord | undefined;
  byId(userId: string): UserRecord | undefined;
  list(): UserRecord[];
  credentials(userId: string): UserCredentials | undefined;
  certificatePem(fingerprint: string): string | undefined;
  setCredentials(tx: LedgerWriteTx, userId: string, credentials: UserCredentials): void;
  /**
   * D25-03: the user's enrolled TOTP secret (base32), if any; FIELD_SEAL_BROKEN when one is stored
   * but does not open (an edited row, a row copied from another user, another station secret).
   */
  mfaSecret(userId: string): Result<string> | undefined;
  /** Written with the `user.mfa_enrolled` entry that records it; `usedStep` is the confirming code's step. */
  setMfaSecret(tx: LedgerWriteTx, userId: string, secret: string, enrolledSeq: number, usedStep: number): void;
  /** Takes a TOTP time step for the user: false when that step or a later one was used already (a replayed code). */
  useMfaStep(userId: string, step: number): boolean;
  /** Signer ids of the signatures on an entry made before `beforeSeq`, read inside the append transaction. */
  signersOf(tx: LedgerWriteTx, targetSeq: number, beforeSeq: number): { signerId: string; meaning: string; seq: number }[];
}
