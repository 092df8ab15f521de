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
import { matchTotp } from '../../../src-core/auth/totp.ts';
import { ESIG_STATEMENT, signAcknowledgement, statementSha256 } from '../../../src-core/signatures/esig-acknowledgement.ts';
import type { SigningSettings } from '../../../src-shared/settings/station-settings.ts';

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
  /** D25-03: the signer's one-time code (TOTP), required with the password when signing.mfa is "totp". */
  otp?: string;
}

export interface SignatureDeps {
  ledger: Ledger;
  users: UserDirectory;
  auth: AuthService;
  clock: Clock;
  /** The signing settings in force (D25-03); absent: password only. */
  signingSettings?: () => SigningSettings;
  /** The station's IANA time zone, named in the manifestation beside the offset (D25-03). */
  timeZone?: () => string | undefined;
  /**
   * The revocation of a certificate as this station knows it (from the hub CA's list recorded
   * by sync), or null. A local read: the signing path never calls the network.
   */
  revocation?: (fingerprint: string) => { revokedAt: string } | null;
  /**
   * P11-30 / FR-102: whether this station's revocation knowledge is recent enough to trust this
   * certificate (REVOCATION_LIST_STALE when the hub CA issued it and the newest verified list is
   * past its maximum age). A local read, like `revocation`.
   */
  revocationCurrent?: (fingerprint: string) => Result<void>;
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
        const recorded = this.deps.auth.recordUnknownUser(named, { attempt: 'signature', sessionId: req.sessionId, targetSeq: req.targetSeq, meaning: meaning.data, sessionUserId: sessionUser.userId });
        if (!recorded.ok) return recorded;
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
    // P11-13: nobody signs before they signed the acknowledgement that their e-signature binds them.
    if (!this.hasAcknowledged(signer.userId)) {
      return err('SIGNATURE_ACK_REQUIRED', `${signer.username} must first sign the acknowledgement that an electronic signature is the legally binding equivalent of a handwritten one`, by);
    }
    const mfa = this.deps.signingSettings?.().mfa ?? 'off';
    const otp = req.otp?.trim() ?? '';
    // D25-03: with signing.mfa on, the password alone is refused before it is even checked.
    if (mfa === 'totp' && otp === '') return this.deps.auth.recordSecondFactorFailure(signer, 'SIGNATURE_MFA_REQUIRED', attempt);
    const checked = this.deps.auth.checkPassword(signer, req.password, 'SIGNATURE_PASSWORD_INVALID', attempt);
    if (!checked.ok) return checked;
    if (mfa === 'totp') {
      const secret = this.deps.users.mfaSecret(signer.userId);
      if (!secret) return this.deps.auth.recordSecondFactorFailure(signer, 'SIGNATURE_MFA_NOT_ENROLLED', attempt);
      // An edited or moved seed fails closed, recorded, and is not counted as the signer's mistake.
      if (!secret.ok) return this.deps.auth.recordSecondFactorFailure(signer, 'SIGNATURE_MFA_UNREADABLE', attempt);
      const step = matchTotp(secret.value, otp, this.deps.clock.now());
      if (step === null) return this.deps.auth.recordSecondFactorFailure(this.deps.users.byId(signer.userId) ?? signer, 'SIGNATURE_MFA_INVALID', attempt);
      // RFC 6238 §5.2: a code is good once. Someone who saw it typed cannot sign with it again.
      if (!this.deps.users.useMfaStep(signer.userId, step)) return this.deps.auth.recordSecondFactorFailure(this.deps.users.byId(signer.userId) ?? signer, 'SIGNATURE_MFA_REUSED', attempt);
    }
    const creds = this.deps.users.credentials(signer.userId);
    if (!creds || !signer.signingCertFingerprint) return err('CERTIFICATE_INVALID', 'the signer has no signing certificate', by);
    const now = this.deps.clock.now();
    // Issue 10 item 7: a certificate the hub revoked signs nothing more here, once the
    // station knows (the hub flags what an offline station let through). The attempt is
    // recorded under the signer, naming the record and the certificate.
    const current = this.deps.revocationCurrent?.(signer.signingCertFingerprint);
    if (current && !current.ok) return { ok: false, error: { ...current.error, details: { ...current.error.details, ...by } } };
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

    const timeZone = this.deps.timeZone?.();
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
      ...(mfa === 'totp' ? { mfa: 'totp' as const } : {}),
      ...(timeZone ? { timeZone } : {}),
    };
    // A correction of the entry after a signature invalidates that signature (DI-13): only the
    // signatures given since the last correction count, so the entry can be signed again.
    const corrected = this.deps.ledger
      .query({ types: ['correction.recorded'], ...(target.batchRef ? { batchRef: target.batchRef } : {}), limit: 1_000_000 })
      .filter((c) => (c.payload as { targetSeq?: unknown }).targetSeq === target.seq)
      .reduce((last, c) => Math.max(last, c.seq), 0);
    const appended = this.deps.ledger.append([{ type: 'signature.applied', actor: signer.userId, batchRef: target.batchRef, payload }], (tx, appended) => {
      // Checked again under the write lock, so two racing co-signatures cannot both pass.
      const earlier = this.deps.users.signersOf(tx, target.seq, appended[0]!.seq).filter((s) => s.seq > corrected);
      if (INDEPENDENT_MEANINGS.has(meaning.data) && earlier.some((s) => s.signerId === signer.userId)) {
        throw new LedgerRefusal({ code: 'SIGNATURE_SAME_USER', message: 'one person cannot both perform and verify (or sign twice) the same record' });
      }
      if (earlier.some((s) => s.signerId === signer.userId && s.meaning === meaning.data)) {
        throw new LedgerRefusal({ code: 'CONFLICT', message: `already signed as "${meaning.data}" by this user` });
      }
    });
    if (!appended.ok) return appended;
    if (signer.userId === session.userId) {
      session.hasSigned = true;
      this.deps.auth.sessions.restsOn(session, appended.value[0]!);
    }
    return ok(appended.value[0]!);
  }

  /** P11-13: whether the user has signed the e-signature acknowledgement. */
  hasAcknowledged(userId: string): boolean {
    return this.deps.ledger.query({ types: ['user.esig_acknowledged'], actor: userId, limit: 1 }).length > 0;
  }

  /**
   * P11-13: the logged-in user signs the acknowledgement with their password (and their key).
   * Refused with a wrong password (recorded, counted toward lockout) and when already signed.
   */
  acknowledge(sessionId: string, password: string): Result<LedgerEntry> {
    const active = this.deps.auth.require(sessionId);
    if (!active.ok) return active;
    return this.acknowledgeAs(active.value.user, password, sessionId);
  }

  /** The same, for a user not logged in here (installation and the test people). */
  acknowledgeAs(user: UserRecord, password: string, sessionId?: string): Result<LedgerEntry> {
    if (this.hasAcknowledged(user.userId)) return err('CONFLICT', `${user.username} has already signed the acknowledgement`);
    const checked = this.deps.auth.checkPassword(user, password, 'SIGNATURE_PASSWORD_INVALID', { attempt: 'signature', ...(sessionId ? { sessionId } : {}) });
    if (!checked.ok) return checked;
    const creds = this.deps.users.credentials(user.userId);
    if (!creds || !user.signingCertFingerprint) return err('CERTIFICATE_INVALID', 'the user has no signing certificate', { attemptedBy: user.userId });
    const key = unwrapPrivateKey(creds.wrappedKey, password);
    if (!key.ok) return key;
    const now = this.deps.clock.now();
    const fields = { stationId: this.stationId(), userId: user.userId, statementSha256: statementSha256(), signedAt: now.toISOString(), tzOffset: this.deps.clock.tzOffset(now) };
    const appended = this.deps.ledger.append([
      {
        type: 'user.esig_acknowledged',
        actor: user.userId,
        payload: {
          userId: user.userId,
          statementEn: ESIG_STATEMENT.en,
          statementZh: ESIG_STATEMENT.zh,
          statementSha256: fields.statementSha256,
          signedAt: fields.signedAt,
          tzOffset: fields.tzOffset,
          certFingerprint: user.signingCertFingerprint,
          algorithm: 'RSASSA-PKCS1-v1_5-SHA256',
          signature: signAcknowledgement(key.value, fields),
        },
      },
    ]);
    return appended.ok ? ok(appended.value[0]!) : appended;
  }

  private stationId(): string {
    return this.deps.ledger.bySeq(1)?.stationId ?? 'unknown';
  }
}
