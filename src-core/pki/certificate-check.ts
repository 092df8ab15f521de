/**
 * Reading and checking Batchline certificates with node:crypto (OpenSSL), on the hot path of
 * `batchline verify` and of the hub's sync intake: one call per signature in the ledger.
 *
 * A certificate is accepted for a signature made at time `at` when (RFC 5280 §6.1, reduced to
 * our one-level hierarchy: site CA -> end entity):
 *   - the trust anchor is a CA certificate (basicConstraints cA), valid at `at`;
 *   - the certificate names the CA as issuer (name and key identifier; OpenSSL's
 *     X509_check_issued, which also requires keyCertSign on the CA);
 *   - its signature verifies with the CA's public key;
 *   - it is not itself a CA, and notBefore <= at <= notAfter (both inclusive, §4.1.2.5).
 * Revocation is not checked yet (CRLs come with the revocation issue; see site-ca.ts).
 *
 * Speed: parsing a PEM and checking an RSA signature cost tens of microseconds each, repeated
 * for ~every entry of a 100k-entry ledger signed by a few dozen people. A CertificateCache
 * (created by the caller, e.g. once per verify run) memoises the parsed certificates and the
 * issuer/signature verdict per (CA, certificate) pair, keyed by the PEM text (equivalent to the
 * fingerprint for our PEMs, and needs no hashing); only the time check runs per call.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { InvariantViolation, err, ok, type Result } from '../../src-shared/result.ts';
import type { CertificateKind } from './site-ca.ts';

const OID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
const OID_KP_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface CertificateInfo {
  /** SHA-256 of the DER, lowercase hex, no colons. */
  readonly fingerprint: string;
  /** Lowercase hex, whole bytes (same spelling as site-ca canonicalSerial). */
  readonly serialNumber: string;
  readonly subjectCommonName: string;
  readonly organisation?: string;
  /** Subject UID: the Batchline user id a signing certificate belongs to. */
  readonly userId?: string;
  /** Subject serialNumber attribute: the station id. */
  readonly stationId?: string;
  /** Subject title: role at issue time (informational; authorisation uses the user record). */
  readonly role?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuerCommonName: string;
  readonly isCa: boolean;
  /** From extKeyUsage: documentSigning -> user-signing, clientAuth -> station. */
  readonly kind?: CertificateKind;
  readonly publicKey: KeyObject;
}

export type CertificateFailure =
  | 'malformed'
  | 'ca-malformed'
  | 'ca-not-ca'
  | 'ca-expired'
  | 'ca-not-yet-valid'
  | 'not-issued-by-ca'
  | 'bad-signature'
  | 'is-ca'
  | 'wrong-kind'
  | 'expired'
  | 'not-yet-valid';

export interface CertificateCache {
  readonly parsed: Map<string, Result<Parsed>>;
  /** CA PEM -> certificate PEM -> issuer/signature verdict. */
  readonly issued: Map<string, Map<string, Result<void>>>;
  readonly maxEntries: number;
}

interface Parsed {
  readonly x509: X509Certificate;
  readonly info: CertificateInfo;
}

export function createCertificateCache(maxEntries = 10_000): CertificateCache {
  return { parsed: new Map(), issued: new Map(), maxEntries };
}

export function inspectCertificate(certPem: string, cache?: CertificateCache): Result<CertificateInfo> {
  const parsed = parse(certPem, cache);
  return parsed.ok ? ok(parsed.value.info) : parsed;
}

export function verifyCertificateChain(
  certPem: string,
  caCertPem: string,
  at: Date,
  options: { cache?: CertificateCache; kind?: CertificateKind } = {},
): Result<CertificateInfo> {
  if (Number.isNaN(at.getTime())) throw new InvariantViolation('verifyCertificateChain: `at` is an invalid Date');
  const { cache } = options;
  const ca = parse(caCertPem, cache);
  if (!ca.ok) return fail('ca-malformed', `CA certificate unreadable: ${ca.error.message}`);
  const cert = parse(certPem, cache);
  if (!cert.ok) return cert;
  const info = cert.value.info;

  const verdict = memoIssued(cache, caCertPem, certPem, () => checkIssued(cert.value, ca.value));
  if (!verdict.ok) return verdict;

  const caInfo = ca.value.info;
  if (at < caInfo.notBefore) return fail('ca-not-yet-valid', `CA certificate not yet valid at ${iso(at)} (valid from ${iso(caInfo.notBefore)})`, info);
  if (at > caInfo.notAfter) return fail('ca-expired', `CA certificate expired at ${iso(at)} (valid until ${iso(caInfo.notAfter)})`, info);
  if (at < info.notBefore) return fail('not-yet-valid', `certificate not yet valid at ${iso(at)} (valid from ${iso(info.notBefore)})`, info);
  if (at > info.notAfter) return fail('expired', `certificate expired at ${iso(at)} (valid until ${iso(info.notAfter)})`, info);
  if (options.kind !== undefined && info.kind !== options.kind) {
    return fail('wrong-kind', `certificate is ${info.kind ?? 'of no Batchline kind'}, ${options.kind} required`, info);
  }
  return ok(info);
}

function checkIssued(cert: Parsed, ca: Parsed): Result<void> {
  const { info } = cert;
  if (!ca.info.isCa) return fail('ca-not-ca', `"${ca.info.subjectCommonName}" is not a CA certificate`, info);
  if (!cert.x509.checkIssued(ca.x509)) {
    return fail('not-issued-by-ca', `certificate not issued by CA "${ca.info.subjectCommonName}" (issuer is "${info.issuerCommonName}")`, info);
  }
  if (!cert.x509.verify(ca.x509.publicKey)) {
    return fail('bad-signature', `bad signature: certificate not signed by the key of CA "${ca.info.subjectCommonName}"`, info);
  }
  if (info.isCa) return fail('is-ca', 'certificate is itself a CA; signatures need an end-entity certificate', info);
  return ok(undefined);
}

function parse(pem: string, cache: CertificateCache | undefined): Result<Parsed> {
  const hit = cache?.parsed.get(pem);
  if (hit !== undefined) return hit;
  const result = parseUncached(pem);
  if (cache !== undefined) {
    if (cache.parsed.size >= cache.maxEntries) cache.parsed.clear();
    cache.parsed.set(pem, result);
  }
  return result;
}

function memoIssued(cache: CertificateCache | undefined, caPem: string, certPem: string, check: () => Result<void>): Result<void> {
  if (cache === undefined) return check();
  let byCert = cache.issued.get(caPem);
  if (byCert === undefined) {
    byCert = new Map();
    cache.issued.set(caPem, byCert);
  }
  const hit = byCert.get(certPem);
  if (hit !== undefined) return hit;
  const verdict = check();
  if (byCert.size >= cache.maxEntries) byCert.clear();
  byCert.set(certPem, verdict);
  return verdict;
}

function parseUncached(pem: string): Result<Parsed> {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch (e) {
    return fail('malformed', `not an X.509 certificate: ${(e as Error).message}`);
  }
  const subject = parseDistinguishedName(x509.subject);
  const issuer = parseDistinguishedName(x509.issuer);
  if (subject === null || issuer === null) return fail('malformed', 'certificate subject or issuer cannot be read');
  const one = (dn: Map<string, string[]>, key: string): string | undefined | null => {
    const values = dn.get(key);
    if (values === undefined) return undefined;
    return values.length === 1 ? values[0]! : null;
  };
  const fields = {
    subjectCommonName: one(subject, 'CN'),
    organisation: one(subject, 'O'),
    userId: one(subject, 'UID'),
    stationId: one(subject, 'serialNumber'),
    role: one(subject, 'title'),
    issuerCommonName: one(issuer, 'CN'),
  };
  for (const [name, value] of Object.entries(fields)) {
    // Two UIDs (or CNs) would let a certificate be read as two different people.
    if (value === null) return fail('malformed', `certificate has more than one ${name}`);
  }
  if (fields.subjectCommonName == null || fields.issuerCommonName == null) {
    return fail('malformed', 'certificate has no subject or issuer common name');
  }
  const notBefore = parseOpenSslTime(x509.validFrom);
  const notAfter = parseOpenSslTime(x509.validTo);
  if (notBefore === null || notAfter === null) return fail('malformed', 'certificate validity dates cannot be read');
  const eku = x509.keyUsage ?? [];
  const kind: CertificateKind | undefined = eku.includes(OID_KP_DOCUMENT_SIGNING)
    ? 'user-signing'
    : eku.includes(OID_KP_CLIENT_AUTH)
      ? 'station'
      : undefined;
  const info: CertificateInfo = {
    fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
    serialNumber: x509.serialNumber.toLowerCase(),
    subjectCommonName: fields.subjectCommonName,
    ...(fields.organisation != null && { organisation: fields.organisation }),
    ...(fields.userId != null && { userId: fields.userId }),
    ...(fields.stationId != null && { stationId: fields.stationId }),
    ...(fields.role != null && { role: fields.role }),
    notBefore,
    notAfter,
    issuerCommonName: fields.issuerCommonName,
    isCa: x509.ca,
    ...(kind !== undefined && { kind }),
    publicKey: x509.publicKey,
  };
  return ok({ x509, info });
}

/**
 * Node prints names with OpenSSL's XN_FLAG_SEP_MULTILINE | ASN1_STRFLGS_ESC_2253 |
 * ASN1_STRFLGS_ESC_CTRL | UTF8_CONVERT: one `type=value` per line, multi-valued RDNs joined by
 * " + ", RFC 2253 specials escaped as `\c` and control characters as `\XX`. So a newline in a
 * common name arrives as `\0A` and cannot smuggle in a second "UID=" line.
 */
export function parseDistinguishedName(text: string): Map<string, string[]> | null {
  const out = new Map<string, string[]>();
  if (text === '') return out;
  for (const part of splitUnescaped(text)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq);
    const value = unescapeValue(part.slice(eq + 1));
    if (value === null) return null;
    const list = out.get(key);
    if (list === undefined) out.set(key, [value]);
    else list.push(value);
  }
  return out;
}

function splitUnescaped(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1]!;
      i += 1;
    } else if (c === '\n') {
      parts.push(current);
      current = '';
    } else if (text.startsWith(' + ', i)) {
      parts.push(current);
      current = '';
      i += 2;
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(escaped: string): string | null {
  const bytes: number[] = [];
  const raw = Buffer.from(escaped, 'utf8');
  for (let i = 0; i < raw.length; i += 1) {
    const b = raw[i]!;
    if (b !== 0x5c) {
      bytes.push(b);
      continue;
    }
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (i + 1 < raw.length) {
      bytes.push(raw[i + 1]!);
      i += 1;
    } else {
      return null;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's ASN1_TIME_print form, e.g. "Jan  1 00:00:00 2025 GMT". */
function parseOpenSslTime(text: string): Date | null {
  const m = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text);
  if (m === null) return null;
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return null;
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

function fail(reason: CertificateFailure, message: string, info?: CertificateInfo): Result<never> {
  return err('CERTIFICATE_INVALID', message, {
    reason,
    ...(info !== undefined && { serialNumber: info.serialNumber, fingerprint: info.fingerprint }),
  });
}

function iso(d: Date): string {
  return d.toISOString();
}
