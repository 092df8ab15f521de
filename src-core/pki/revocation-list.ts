/**
 * Certificate revocation lists of the site CA (RFC 5280 §5: X.509 v2 CRL), issue 10 item 7.
 * The hub CA signs one over every user-signing certificate it has revoked; stations fetch it
 * over the authenticated sync channel, check its signature against the hub CA pinned at
 * enrolment, and record it in their ledger, so that both the station (refusing a revoked
 * signer) and `batchline verify` (reporting a signature made after revocation) work offline
 * from what the ledger holds. Being a standard CRL, an auditor can check it with
 * `openssl crl -CAfile ca.pem -in list.crl -noout`.
 *
 * node-forge builds certificates but not CRLs, so the DER is assembled here with forge's ASN.1
 * encoder (the profile is small and fixed) and signed by OpenSSL (node:crypto). Reading takes
 * the TBSCertList bytes exactly as received (sliced from the DER, never re-encoded) for the
 * signature check.
 *
 * Profile: version v2; signature sha256WithRSAEncryption; issuer = the CA certificate's subject
 * (its DER copied byte for byte); thisUpdate, nextUpdate; one entry per revoked certificate
 * (serial, revocation date, reasonCode where known); CRL extensions authorityKeyIdentifier
 * (= the CA's SKI) and cRLNumber (monotonic: the hub uses thisUpdate in milliseconds).
 *
 * Times have whole seconds (X.509), rounded DOWN: a signature made in the same second just
 * before a revocation is reported as made after it (QA looks at it), never the other way round.
 * The hub's own register keeps milliseconds.
 *
 * Indirect entries: a station that was offline certifies its users with its own local CA
 * (architecture.md, PKI); the hub records those certificates at intake and lists them here by
 * serial number too. Serials are 128 random bits, so a serial names one certificate of the
 * site; the station matches each entry against the certificates its own ledger recorded.
 */
import { X509Certificate, createHash, sign, verify, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { err, InvariantViolation, ok, type Result } from '../../src-shared/result.ts';
import { canonicalSerial } from './site-ca.ts';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_CRL_NUMBER = '2.5.29.20';
const OID_AUTHORITY_KEY_ID = '2.5.29.35';
const OID_REASON_CODE = '2.5.29.21';

/** RFC 5280 §5.3.1 CRLReason values Batchline uses. */
export const REVOCATION_REASONS = { unspecified: 0, keyCompromise: 1, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5 } as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface RevokedCertificate {
  /** Canonical serial (site-ca.ts canonicalSerial). */
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason?: RevocationReason;
}

export interface RevocationList {
  /** SHA-256 of the DER, lowercase hex. */
  readonly fingerprint: string;
  /** cRLNumber as a decimal string (it can exceed 2^53). */
  readonly number: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  readonly revoked: readonly RevokedCertificate[];
}

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export function createRevocationList(options: {
  caCertPem: string;
  caKeyPem: string;
  number: bigint | number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: readonly RevokedCertificate[];
}): string {
  const number = BigInt(options.number);
  if (number < 0n) throw new InvariantViolation('cRLNumber must not be negative');
  if (!(options.nextUpdate > options.thisUpdate)) throw new InvariantViolation('nextUpdate must be after thisUpdate');
  const ca = caParts(options.caCertPem);
  const algorithm = () => seq([oid(SHA256_WITH_RSA), asn1.create(U, T.NULL, false, '')]);
  const entries = [...options.revoked]
    .sort((a, b) => a.revokedAt.getTime() - b.revokedAt.getTime() || a.serialNumber.localeCompare(b.serialNumber))
    .map((r) => {
      const fields = [int(serialBytes(r.serialNumber)), time(r.revokedAt)];
      if (r.reason !== undefined) {
        const reason = asn1.create(U, T.ENUMERATED, false, String.fromCharCode(REVOCATION_REASONS[r.reason]));
        fields.push(seq([extension(OID_REASON_CODE, reason)]));
      }
      return seq(fields);
    });
  const tbsFields = [int('\x01'), algorithm(), ca.subject, time(options.thisUpdate), time(options.nextUpdate)];
  if (entries.length > 0) tbsFields.push(seq(entries));
  const crlExtensions = [extension(OID_CRL_NUMBER, int(bigintBytes(number)))];
  if (ca.keyId !== null) crlExtensions.unshift(extension(OID_AUTHORITY_KEY_ID, seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, ca.keyId)])));
  tbsFields.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [seq(crlExtensions)]));
  const tbs = seq(tbsFields);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, options.caKeyPem);
  const der = asn1.toDer(seq([tbs, algorithm(), asn1.create(U, T.BITSTRING, false, `\x00${signature.toString('binary')}`)])).getBytes();
  return forge.pem.encode({ type: 'X509 CRL', body: der }, { maxline: 64 });
}

/**
 * Reads a CRL and checks it was signed by the CA of `caCertPem` (issuer name equal to the CA's
 * subject, the CA allowed to sign CRLs, RSA/SHA-256 signature verifying with its key). Anything
 * else is CERTIFICATE_INVALID with the reason; nothing in a refused list is believed.
 */
export function readRevocationList(crlPem: string, caCertPem: string): Result<RevocationList> {
  const bad = (why: string) => err('CERTIFICATE_INVALID', `revocation list refused: ${why}`);
  let der: Buffer;
  try {
    const msg = forge.pem.decode(crlPem);
    if (msg.length !== 1 || msg[0]!.type !== 'X509 CRL') return bad('not one PEM "X509 CRL" block');
    der = Buffer.from(msg[0]!.body, 'binary');
  } catch (e) {
    return bad(`not PEM: ${(e as Error).message}`);
  }
  const tbsDer = firstChildTlv(der);
  if (tbsDer === null) return bad('not DER');
  let outer: forge.asn1.Asn1;
  try {
    outer = asn1.fromDer(der.toString('binary'), true);
  } catch (e) {
    return bad(`not DER: ${(e as Error).message}`);
  }
  const parts = outer.value as forge.asn1.Asn1[];
  if (!Array.isArray(parts) || parts.length !== 3) return bad('not a CertificateList');
  const [tbs, outerAlg, sigBits] = parts as [forge.asn1.Asn1, forge.asn1.Asn1, forge.asn1.Asn1];
  const fields = tbs.value as forge.asn1.Asn1[];
  if (!Array.isArray(fields)) return bad('not a TBSCertList');
  let i = 0;
  if (fields[i]?.type === T.INTEGER) {
    if (fields[i]!.value !== '\x01') return bad('not a v2 CRL');
    i += 1;
  } else return bad('not a v2 CRL');
  const innerAlg = fields[i++];
  if (algorithmOid(innerAlg) !== SHA256_WITH_RSA || algorithmOid(outerAlg) !== SHA256_WITH_RSA) return bad('not signed with sha256WithRSAEncryption');
  const issuer = fields[i++];
  let ca: CaParts;
  try {
    ca = caParts(caCertPem);
  } catch (e) {
    return bad(`CA certificate unreadable: ${(e as Error).message}`);
  }
  if (!ca.mayCertifyCrls) return bad(`"${ca.commonName}" may not sign revocation lists`);
  if (issuer === undefined || asn1.toDer(issuer).getBytes() !== asn1.toDer(ca.subject).getBytes()) return bad(`not issued by "${ca.commonName}"`);
  const signature = typeof sigBits.value === 'string' ? Buffer.from(sigBits.value, 'binary').subarray(1) : null;
  if (signature === null || !verify('sha256', tbsDer, ca.publicKey, signature)) return bad(`its signature does not verify with the key of "${ca.commonName}"`);

  const thisUpdate = readTime(fields[i++]);
  if (thisUpdate === null) return bad('thisUpdate unreadable');
  let nextUpdate: Date | null = null;
  if (fields[i] !== undefined && (fields[i]!.type === T.UTCTIME || fields[i]!.type === T.GENERALIZEDTIME) && fields[i]!.tagClass === U) nextUpdate = readTime(fields[i++]);
  const revoked: RevokedCertificate[] = [];
  if (fields[i] !== undefined && fields[i]!.tagClass === U && fields[i]!.type === T.SEQUENCE) {
    for (const entry of fields[i++]!.value as forge.asn1.Asn1[]) {
      const [serial, at, exts] = entry.value as forge.asn1.Asn1[];
      const revokedAt = readTime(at);
      if (serial?.type !== T.INTEGER || revokedAt === null) return bad('an entry is unreadable');
      const reasonCode = exts ? reasonOf(exts) : undefined;
      revoked.push({ serialNumber: canonicalSerial(Buffer.from(serial.value as string, 'binary').toString('hex')), revokedAt, ...(reasonCode !== undefined && { reason: reasonCode }) });
    }
  }
  let number: string | null = null;
  const extWrap = fields[i];
  if (extWrap !== undefined && extWrap.tagClass === asn1.Class.CONTEXT_SPECIFIC && extWrap.type === 0) {
    for (const ext of ((extWrap.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[] | undefined) ?? []) {
      const [id, value] = ext.value as forge.asn1.Asn1[];
      if (id && asn1.derToOid(id.value as string) === OID_CRL_NUMBER && value) {
        const n = asn1.fromDer(value.value as string);
        number = BigInt(`0x${Buffer.from(n.value as string, 'binary').toString('hex') || '0'}`).toString();
      }
    }
  }
  if (number === null) return bad('it has no cRLNumber');
  return ok({ fingerprint: createHash('sha256').update(der).digest('hex'), number, thisUpdate, nextUpdate, revoked });
}

/** The revocation of `serialNumber` in `list`, if any. */
export function revocationOf(list: Pick<RevocationList, 'revoked'>, serialNumber: string): RevokedCertificate | undefined {
  const s = canonicalSerial(serialNumber);
  return list.revoked.find((r) => r.serialNumber === s);
}

interface CaParts {
  subject: forge.asn1.Asn1;
  keyId: string | null;
  commonName: string;
  mayCertifyCrls: boolean;
  publicKey: KeyObject;
}

function caParts(caCertPem: string): CaParts {
  const x = new X509Certificate(caCertPem);
  const certAsn1 = asn1.fromDer(x.raw.toString('binary'));
  const tbs = (certAsn1.value as forge.asn1.Asn1[])[0]!;
  const tbsFields = tbs.value as forge.asn1.Asn1[];
  // [0] version present in every v3 certificate: version, serial, sigAlg, issuer, validity, subject.
  const offset = tbsFields[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const subject = tbsFields[offset + 4]!;
  const cert = forge.pki.certificateFromPem(caCertPem);
  const ski = (cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null)?.subjectKeyIdentifier;
  const ku = cert.getExtension('keyUsage') as { cRLSign?: boolean } | null;
  const cn = cert.subject.getField('CN') as { value?: string } | null;
  return {
    subject,
    keyId: ski !== undefined ? forge.util.hexToBytes(ski) : null,
    commonName: cn?.value ?? '?',
    mayCertifyCrls: x.ca && ku?.cRLSign === true,
    publicKey: x.publicKey,
  };
}

function seq(value: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(U, T.SEQUENCE, true, value);
}
function oid(id: string): forge.asn1.Asn1 {
  return asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
}
function int(bytes: string): forge.asn1.Asn1 {
  return asn1.create(U, T.INTEGER, false, bytes);
}
function extension(id: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([oid(id), asn1.create(U, T.OCTETSTRING, false, asn1.toDer(value).getBytes())]);
}
/** RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
function time(d: Date): forge.asn1.Asn1 {
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return whole.getUTCFullYear() < 2050 ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(whole)) : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(whole));
}
function readTime(node: forge.asn1.Asn1 | undefined): Date | null {
  if (!node || typeof node.value !== 'string') return null;
  try {
    const d = node.type === T.UTCTIME ? asn1.utcTimeToDate(node.value) : node.type === T.GENERALIZEDTIME ? asn1.generalizedTimeToDate(node.value) : null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  } catch {
    return null;
  }
}
function algorithmOid(node: forge.asn1.Asn1 | undefined): string | null {
  const first = (node?.value as forge.asn1.Asn1[] | undefined)?.[0];
  return first && first.type === T.OID ? asn1.derToOid(first.value as string) : null;
}
function reasonOf(exts: forge.asn1.Asn1): RevocationReason | undefined {
  for (const ext of (exts.value as forge.asn1.Asn1[]) ?? []) {
    const [id, value] = ext.value as forge.asn1.Asn1[];
    if (id && asn1.derToOid(id.value as string) === OID_REASON_CODE && value) {
      const code = (asn1.fromDer(value.value as string).value as string).charCodeAt(0);
      return (Object.entries(REVOCATION_REASONS).find(([, v]) => v === code)?.[0] as RevocationReason | undefined) ?? 'unspecified';
    }
  }
  return undefined;
}
/** DER INTEGER content of a positive serial (leading 00 where the high bit is set). */
function serialBytes(serial: string): string {
  const s = canonicalSerial(serial);
  return forge.util.hexToBytes(Number.parseInt(s[0]!, 16) >= 8 ? `00${s}` : s);
}
function bigintBytes(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex[0]!, 16) >= 8) hex = `00${hex}`;
  return forge.util.hexToBytes(hex);
}
/** The bytes of the first element inside the outer SEQUENCE (the TBSCertList as signed). */
function firstChildTlv(der: Buffer): Buffer | null {
  const header = (at: number): { len: number; start: number } | null => {
    if (at + 2 > der.length) return null;
    const first = der[at + 1]!;
    if (first < 0x80) return { len: first, start: at + 2 };
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > der.length) return null;
    let len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + der[at + 2 + k]!;
    return { len, start: at + 2 + n };
  };
  if (der[0] !== 0x30) return null;
  const outer = header(0);
  if (outer === null || outer.start + outer.len !== der.length || der[outer.start] !== 0x30) return null;
  const inner = header(outer.start);
  if (inner === null || inner.start + inner.len > der.length) return null;
  return der.subarray(outer.start, inner.start + inner.len);
}
