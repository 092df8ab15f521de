/**
 * The IQ/OQ report as data: what ran where, every check, the verdict, and — once signed — the
 * signature's manifestation (21 CFR 11.50: printed name, user name, time with offset, meaning).
 * The SHA-256 of the canonical JSON of everything but the signature is what the ledger records
 * and the signature covers, so a printed report can be matched to its signed entry.
 */
import { createHash } from 'node:crypto';
import { hostname, platform, release } from 'node:os';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { verdictOf, type QualificationCheck, type Verdict } from './qualification-check.ts';

export interface ReportSignature {
  readonly printedName: string;
  readonly username: string;
  readonly signedAt: string;
  readonly tzOffset: string;
  readonly meaning: string;
  readonly entrySeq: number;
  readonly signatureSeq: number;
}

export interface QualificationReport {
  readonly station: { readonly database: string; readonly stationId: string | null };
  readonly host: string;
  readonly softwareVersion: string;
  readonly ranAt: string;
  readonly hubUrl: string | null;
  readonly checks: readonly QualificationCheck[];
  readonly verdict: Verdict;
  readonly reportSha256: string;
  /** Null when the report could not be signed; `unsignedReason` says why. */
  readonly signature: ReportSignature | null;
  readonly unsignedReason?: string;
}

export function buildReport(input: { database: string; stationId: string | null; ranAt: Date; hubUrl: string | undefined; checks: QualificationCheck[] }): QualificationReport {
  const body = {
    station: { database: input.database, stationId: input.stationId },
    host: `${hostname()} (${platform()} ${release()})`,
    softwareVersion: SOFTWARE_VERSION,
    ranAt: input.ranAt.toISOString(),
    hubUrl: input.hubUrl ?? null,
    checks: input.checks,
    verdict: verdictOf(input.checks),
  };
  return { ...body, reportSha256: createHash('sha256').update(canonicalJson(body)).digest('hex'), signature: null };
}

export function counts(checks: readonly QualificationCheck[]): { pass: number; fail: number; notApplicable: number } {
  return {
    pass: checks.filter((c) => c.outcome === 'pass').length,
    fail: checks.filter((c) => c.outcome === 'fail').length,
    notApplicable: checks.filter((c) => c.outcome === 'n/a').length,
  };
}
