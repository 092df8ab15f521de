/**
 * The subject of Batchline certificates: who a key belongs to. A verifier binds a signature to
 * a person through the certificate's UID attribute (the Batchline user id), and a station's
 * certificate through its serialNumber attribute (the station id) — not through the common
 * name, which is a display name and may repeat.
 *
 * Attribute types (RFC 5280 §4.1.2.4, RFC 4519):
 *   CN  2.5.4.3                     commonName     printed name / station name (UTF8String)
 *   O   2.5.4.10                    organisation   site (UTF8String)
 *   UID 0.9.2342.19200300.100.1.1   userId         Batchline user id (UTF8String)
 *   serialNumber 2.5.4.5            stationId      station id (PrintableString, as X.520 requires)
 *   title 2.5.4.12                  role           role at issue time, informational only: roles
 *                                                  change, so authorisation is always checked
 *                                                  against the user record, never the certificate
 */
import forge from 'node-forge';

export interface CertificateSubject {
  readonly commonName: string;
  readonly organisation?: string;
  readonly userId?: string;
  readonly stationId?: string;
  readonly role?: string;
}

export const SUBJECT_OIDS = {
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
  userId: '0.9.2342.19200300.100.1.1',
  stationId: '2.5.4.5',
  role: '2.5.4.12',
} as const satisfies Record<keyof CertificateSubject, string>;

const SUBJECT_FIELDS = Object.keys(SUBJECT_OIDS) as (keyof CertificateSubject)[];

/** X.680 PrintableString alphabet (serialNumber must use it). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;
// RFC 5280 Appendix A upper bounds (ub-common-name 64, ub-organization-name 64, ub-serial-number 64).
const MAX_LENGTH: Record<keyof CertificateSubject, number> = {
  commonName: 64,
  organisation: 64,
  userId: 128,
  stationId: 64,
  role: 64,
};

/** Why the subject cannot be put in a certificate, or null. */
export function subjectProblem(subject: CertificateSubject): string | null {
  for (const field of SUBJECT_FIELDS) {
    const value = subject[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0) return `${field} must be a non-empty string`;
    if ([...value].length > MAX_LENGTH[field]) return `${field} longer than ${MAX_LENGTH[field]} characters`;
    if (/\p{Cc}/u.test(value)) return `${field} contains a control character`;
  }
  if (subject.commonName === undefined) return 'commonName is required';
  if (subject.stationId !== undefined && !PRINTABLE.test(subject.stationId)) {
    return 'stationId must use the PrintableString alphabet (letters, digits, space and \'()+,-./:=?)';
  }
  return null;
}

/** forge attribute list for a subject (fixed order, so the DN of equal subjects is equal). */
export function subjectToForgeAttributes(subject: CertificateSubject): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [];
  for (const field of SUBJECT_FIELDS) {
    const value = subject[field];
    if (value === undefined) continue;
    const valueTagClass = field === 'stationId' ? forge.asn1.Type.PRINTABLESTRING : forge.asn1.Type.UTF8;
    // valueTagClass selects the ASN.1 string type; @types/node-forge mistypes it as asn1.Class.
    attrs.push({ type: SUBJECT_OIDS[field], value, valueTagClass } as unknown as forge.pki.CertificateField);
  }
  return attrs;
}

/**
 * Reads a subject back from forge attributes (a parsed CSR). Refuses what a verifier could
 * misread: a field given twice, or strings in encodings we never issue.
 */
export function subjectFromForgeAttributes(
  attrs: readonly forge.pki.CertificateField[],
): { ok: true; subject: CertificateSubject } | { ok: false; problem: string } {
  const out: Partial<Record<keyof CertificateSubject, string>> = {};
  for (const attr of attrs) {
    const field = SUBJECT_FIELDS.find((f) => SUBJECT_OIDS[f] === attr.type);
    if (field === undefined) continue;
    if (out[field] !== undefined) return { ok: false, problem: `subject has ${field} more than once` };
    const tag = (attr as { valueTagClass?: number }).valueTagClass;
    const raw = attr.value as unknown;
    if (typeof raw !== 'string') return { ok: false, problem: `subject ${field} is not a string` };
    if (tag === forge.asn1.Type.UTF8) {
      try {
        out[field] = forge.util.decodeUtf8(raw);
      } catch {
        return { ok: false, problem: `subject ${field} is not valid UTF-8` };
      }
    } else if (tag === forge.asn1.Type.PRINTABLESTRING || tag === forge.asn1.Type.IA5STRING) {
      out[field] = raw;
    } else {
      return { ok: false, problem: `subject ${field} uses an unsupported string type (${String(tag)})` };
    }
  }
  if (out.commonName === undefined) return { ok: false, problem: 'subject has no commonName' };
  const subject: CertificateSubject = { ...out, commonName: out.commonName };
  const problem = subjectProblem(subject);
  return problem === null ? { ok: true, subject } : { ok: false, problem };
}
