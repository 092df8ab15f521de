/**
 * Signs a qualification report at the station it qualified: the system records the report's
 * hash and verdict as `qualification.recorded`, and the person who ran the qualification
 * signs that entry with their own e-signature through the station's signature service (the
 * same password, lockout and role rules as any GMP signature). Meaning `approved`: the signer
 * approves the report as a true account of the run; an administrator account holds no GMP
 * role and cannot sign (COMPLIANCE A11-03), so IT runs it with QA or a supervisor.
 */
import type { Station } from '../../src-main/compose.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { counts, type QualificationReport, type ReportSignature } from './qualification-report.ts';

export const REPORT_SIGNATURE_MEANING = 'approved';

export function signReport(station: Station, report: QualificationReport, credentials: { username: string; password: string }): Result<ReportSignature> {
  const session = station.auth.login(credentials.username, credentials.password);
  if (!session.ok) return session;
  try {
    if (session.value.passwordChangeRequired) return err('AUTH_PASSWORD_CHANGE_REQUIRED', `${credentials.username} must change the password at the station before signing`);
    const recorded = station.ledger.append([
      {
        type: 'qualification.recorded',
        actor: null,
        batchRef: null,
        payload: { reportSha256: report.reportSha256, verdict: report.verdict, softwareVersion: report.softwareVersion, ranBy: session.value.user.username, checks: counts(report.checks) },
      },
    ]);
    if (!recorded.ok) return recorded;
    const entry = recorded.value[0]!;
    const signed = station.signatures.sign({ sessionId: session.value.sessionId, targetSeq: entry.seq, meaning: REPORT_SIGNATURE_MEANING, password: credentials.password, username: credentials.username });
    if (!signed.ok) return signed;
    const p = signed.value.payload as { printedName: string; username: string; signedAt: string; tzOffset: string; meaning: string };
    return ok({ printedName: p.printedName, username: p.username, signedAt: p.signedAt, tzOffset: p.tzOffset, meaning: p.meaning, entrySeq: entry.seq, signatureSeq: signed.value.seq });
  } finally {
    station.auth.logout(session.value.sessionId);
  }
}
