/**
 * Applies electronic signatures to ledger entries (21 CFR 11.50, 11.70, 11.100, 11.200).
 * A signature is its own ledger entry, `signature.applied`, holding the manifestation
 * (printed name, user name, date/time with offset, meaning) and an RSA signature by the
 * signer's own key over (station, target seq, target hash, meaning, signer, time): it cannot
 * be moved to another record, and HQ can verify it without trusting the station's database.
 *
 * The private key is unwrapped with the password typed for this signature and dropped after
 * use; the password is checked first and a wrong one counts toward lockout.
 */
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import { LedgerRefusal, type Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { unwrapPrivateKey } from '../../../src-core/pki/signing-keys.ts';
import { signRecord } from '../../../src-core/signatures/record-signature.ts';
import { INDEPENDENT_MEANINGS, SIGNATURE_ROLES } from './signature-policy.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserDirectory, UserRecord } from '../auth/user-directory.ts';

export interface SignRequest {
  /** The session at the station (the operator's, also for a supervisor's co-signature). */
  sessionId: string;
  targetSeq: number;
  meaning: string;
  password: string;
  /**
   * The signer's user name: required for a co-signature by another user and for the first
   * signature in a session (11.200(a)(1)(i)); may be omitted afterwards by the session's user.
   */
  username?: string;
}

export interface SignatureDeps {
  ledger: Ledger;
  users: UserDirectory;
  auth: AuthService;
  clock: Clock;
  /**
   * The revocation of a certificate as this station knows it (from the hub CA's list recorded
   * by sync), or null. A local read: the signing path never calls the network.
   */
  revocation?: (fingerprint: string) => { revokedAt: string } | null;
}

export class SignatureService {
  constructor(private readonly deps: SignatureDeps) {}

  sign(req: SignRequest): Result<LedgerEntry> {
    const active = this.deps.auth.require(req.sessionId);
    if (!active.ok) return active;
    const { session, user: sessionUser } = active.value;
    const meaning = SignatureMeaning.safeParse(req.meaning);
    if (!meaning.success) return err('SIGNATURE_MEANING_INVALID', `"${req.meaning}" is not a signature meaning`);

    let signer: UserRecord;
    const named = req.username?.trim().toLowerCase();
    if (named === undefined || named === '') {
      if (!session.hasSigned) return err('INPUT_INVALID', 'the first signature in a session needs the user name as well as the password');
      signer = sessionUser;
    } else {
      const found = this.deps.users.byUsername(named);
      if (!found) {
        // 11.300(d): unknown names are logged too, with the same answer as a wrong password.
        this.deps.auth.recordUnknownUser(named, { attempt: 'signature', sessionId: req.sessionId, targetSeq: req.targetSeq, meaning: meaning.data, sessionUserId: sessionUser.userId });
        return err('SIGNATURE_PASSWORD_INVALID', 'user name or password is wrong');
      }
      signer = found;
    }
    // Every refusal from here on is the named signer's attempt (issue 18 item 7): the error
    // names them so the engine records the refusal against them, not the session's user.
    const by = { attemptedBy: signer.userId };
    const attempt = { attempt: 'signature' as const, sessionId: req.sessionId, targetSeq: req.targetSeq, meaning: meaning.data, sessionUserId: sessionUser.userId };
    if (signer.status !== 'active') {
      const inactive = this.deps.auth.checkPassword(signer, req.password, 'SIGNATURE_PASSWORD_INVALID', attempt);
      if (!inactive.ok) return inactive;
    }
    if (this.deps.auth.passwordChangeRequired(signer)) {
      return err('AUTH_PASSWORD_CHANGE_REQUIRED', `${signer.username} must change a temporary or expired password before signing`, by);
    }
    if (!SIGNATURE_ROLES[meaning.data].some((r) => signer.roles.includes(r))) {
      return err('SIGNATURE_ROLE_REQUIRED', `signing as "${meaning.data}" needs one of: ${SIGNATURE_ROLES[meaning.data].join(', ')}`, by);
    }
    const target = this.deps.ledger.bySeq(req.targetSeq);
    if (!target) return err('NOT_FOUND', `no entry ${req.targetSeq} to sign`);
    if (target.type === 'signature.applied') return err('INPUT_INVALID', 'sign the record itself, not another signature');
    if (INDEPENDENT_MEANINGS.has(meaning.data) && target.actor === signer.userId) {
      return err('SIGNATURE_SAME_USER', 'the person who performed a step cannot also verify it', by);
    }
    const checked = this.deps.auth.checkPassword(signer, req.password, 'SIGNATURE_PASSWORD_INVALID', attempt);
    if (!checked.ok) return checked;
    const creds = this.deps.users.credentials(signer.userId);
    if (!creds || !signer.signingCertFingerprint) return err('CERTIFICATE_INVALID', 'the signer has no signing certificate', by);
    const now = this.deps.clock.now();
    // Issue 10 item 7: a certificate the hub revoked signs nothing more here, once the
    // station knows (the hub flags what an offline station let through). The attempt is
    // recorded under the signer, naming the record and the certificate.
    const revoked = this.deps.revocation?.(signer.signingCertFingerprint) ?? null;
    if (revoked && Date.parse(revoked.revokedAt) <= now.getTime()) {
      const recorded = this.deps.ledger.append([
        {
          type: 'certificate.revoked_use_refused',
          actor: signer.userId,
          batchRef: target.batchRef,
          payload: { userId: signer.userId, certFingerprint: signer.signingCertFingerprint, revokedAt: revoked.revokedAt, targetSeq: target.seq, meaning: meaning.data, sessionUserId: sessionUser.userId },
        },
      ]);
      if (!recorded.ok) return recorded;
      return err('SIGNER_CERTIFICATE_REVOKED', `the signing certificate of ${signer.username} was revoked at ${revoked.revokedAt}; an administrator must ask for a re-issue and QA approve it`, { ...by, revokedAt: revoked.revokedAt });
    }
    const key = unwrapPrivateKey(creds.wrappedKey, req.password);
    if (!key.ok) return key;

    const fields = {
      stationId: target.stationId,
      targetSeq: target.seq,
      targetHash: target.hash,
      meaning: meaning.data,
      signerId: signer.userId,
      signedAt: now.toISOString(),
    };
    const payload = {
      targetSeq: target.seq,
      targetHash: target.hash,
      meaning: meaning.data,
      signerId: signer.userId,
      username: signer.username,
      printedName: signer.printedName,
      signedAt: fields.signedAt,
      tzOffset: this.deps.clock.tzOffset(now),
      certFingerprint: signer.signingCertFingerprint,
      algorithm: 'RSASSA-PKCS1-v1_5-SHA256' as const,
      signature: signRecord(key.value, fields),
    };
    const appended = this.deps.ledger.append([{ type: 'signature.applied', actor: signer.userId, batchRef: target.batchRef, payload }], (tx, appended) => {
      // Checked again under the write lock, so two racing co-signatures cannot both pass.
      const earlier = this.deps.users.signersOf(tx, target.seq, appended[0]!.seq);
      if (INDEPENDENT_MEANINGS.has(meaning.data) && earlier.some((s) => s.signerId === signer.userId)) {
        throw new LedgerRefusal({ code: 'SIGNATURE_SAME_USER', message: 'one person cannot both perform and verify (or sign twice) the same record' });
      }
      if (earlier.some((s) => s.signerId === signer.userId && s.meaning === meaning.data)) {
        throw new LedgerRefusal({ code: 'CONFLICT', message: `already signed as "${meaning.data}" by this user` });
      }
    });
    if (!appended.ok) return appended;
    if (signer.userId === session.userId) session.hasSigned = true;
    return ok(appended.value[0]!);
  }
}
