/**
 * Which roles may sign with which meaning (21 CFR 11.10(g) authority checks), and which
 * meanings must come from a different person than the one who performed the record
 * (second-person verification, EU GMP Annex 11 §4.8 / NMPA computerised systems annex).
 */
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';

export const SIGNATURE_ROLES: Record<SignatureMeaning, readonly Role[]> = {
  performed: ['operator', 'supervisor'],
  verified: ['supervisor', 'qa'],
  witnessed: ['operator', 'supervisor', 'qa'],
  reviewed: ['qa'],
  approved: ['qa', 'supervisor'],
  released: ['qp'],
  rejected: ['qa', 'qp'],
  corrected: ['operator', 'supervisor', 'qa'],
};

/** Meanings that certify someone else's work: never the performer, never twice by one person. */
export const INDEPENDENT_MEANINGS: ReadonlySet<SignatureMeaning> = new Set(['verified', 'witnessed', 'reviewed', 'approved', 'released', 'rejected']);
