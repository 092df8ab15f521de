/**
 * The site certificate authority: issues the certificates that bind each signer's public key to
 * a Batchline user id (user-signing) and each station's key to its station id (station), so
 * the hub and an auditor can verify a signature without trusting the station's database
 * (21 CFR 11.70, 11.100(a)). node-forge does the X.509/CSR encoding (node:crypto cannot create
 * certificates), OpenSSL does the RSA signing (forge-node-signer.ts), and checking
 * certificates on hot paths is node:crypto's job (certificate-check.ts).
 *
 * Profile (RFC 5280):
 *   CA:           basicConstraints cA, pathLen 0 (critical); keyUsage keyCertSign, cRLSign
 *                 (critical); subjectKeyIdentifier.
 *   user-signing: basicConstraints !cA; keyUsage digitalSignature, nonRepudiation (critical);
 *                 extKeyUsage id-kp-documentSigning (RFC 9336); SKI; AKI = the CA's SKI.
 *   station:      basicConstraints !cA; keyUsage digitalSignature (critical); extKeyUsage
 *                 clientAuth (mutual TLS to the hub) — the station also signs checkpoints with it.
 * Validity starts at `now` (X.509 times have whole seconds: milliseconds are dropped) and lasts
 * `validDays`; dates from 2050 on are GeneralizedTime (forge switches per RFC 5280 §4.1.2.5).
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { InvariantViolation, err, ok, type Result } from '../../src-shared/result.ts';
import { forgeSignerFromPem } from './forge-node-signer.ts';
import { subjectFromForgeAttributes, subjectProblem, subjectToForgeAttributes, type CertificateSubject } from './x509-subject.ts';

export type { CertificateSubject } from './x509-subject.ts';

export type CertificateKind = 'user-signing' | 'station';

/** RFC 9336 id-kp-documentSigning. */
export const OID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
/** RFC 5280 id-kp-clientAuth. */
export const OID_KP_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/**
 * The CA key is RSA-3072: it signs for the life of the site (often a decade), and NIST SP
 * 800-57 Part 1 rates RSA-2048 (112-bit) acceptable only through 2030. End-entity keys stay
 * RSA-2048 (signing-keys.ts), short-lived and cheap to verify.
 */
export const CA_KEY_BITS = 3072;
const DAY_MS = 86_400_000;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ACCEPTED_CSR_SIGNATURES = new Set([SHA256_WITH_RSA, '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);

export interface SiteCa {
  readonly certPem: string;
  /** PKCS#8 PEM, unencrypted: the hub stores it wrapped (or in an HSM), never in clear. */
  readonly keyPem: string;
}

export function createSiteCa(options: {
  commonName: string;
  organisation: string;
  validDays: number;
  now: Date;
  /** An RSA pair to use instead of generating one (tests inject a pre-generated RSA-3072 pair). */
  keyPair?: { publicKeyPem: string; privateKeyPem: string };
}): SiteCa {
  const subject: CertificateSubject = { commonName: options.commonName, organisation: options.organisation };
  assertSubject(subject);
  const { publicKey, privateKey } = options.keyPair
    ? { publicKey: options.keyPair.publicKeyPem, privateKey: options.keyPair.privateKeyPem }
    : generateKeyPairSync('rsa', {
        modulusLength: CA_KEY_BITS,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = derSerial(randomSerial());
  setValidity(cert, options.now, options.validDays);
  const attrs = subjectToForgeAttributes(subject);
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgeSignerFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

export interface IssueOptions {
  readonly caCertPem: string;
  readonly caKeyPem: string;
  readonly subjectPublicKeyPem: string;
  readonly subject: CertificateSubject;
  readonly kind: CertificateKind;
  /** Hex; canonicalised (see canonicalSerial). Use randomSerial() unless a register assigns it. */
  readonly serial: string;
  readonly validDays: number;
  readonly now: Date;
}

/** Issues a certificate; bad arguments are bugs in the caller (InvariantViolation). */
export function issueCertificate(options: IssueOptions): string {
  const ca = caFacts(options.caCertPem);
  const subject = options.subject.organisation !== undefined || ca.organisation === undefined ? options.subject : { ...options.subject, organisation: ca.organisation };
  assertSubject(subject);
  const kindProblem = kindSubjectProblem(options.kind, subject);
  if (kindProblem !== null) throw new InvariantViolation(kindProblem);
  const caKey = caSigner(options.caKeyPem);
  const subjectKey = rsaPublicKey(options.subjectPublicKeyPem);

  const cert = forge.pki.createCertificate();
  cert.publicKey = subjectKey;
  cert.serialNumber = derSerial(options.serial);
  setValidity(cert, options.now, options.validDays);
  cert.setSubject(subjectToForgeAttributes(subject));
  // Copies: forge fills in fields of the attributes it is given.
  cert.setIssuer(ca.issuer.map((a) => ({ ...a })));
  const authorityKeyId = ca.authorityKeyId;
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    options.kind === 'user-signing'
      ? { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, critical: true },
    options.kind === 'user-signing'
      ? { name: 'extKeyUsage', [OID_KP_DOCUMENT_SIGNING]: true }
      : { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A PKCS#10 request, signed with the requester's own key (proof of possession). */
export function createCsr(options: { privateKeyPem: string; publicKeyPem: string; subject: CertificateSubject }): string {
  assertSubject(options.subject);
  const publicKey = rsaPublicKey(options.publicKeyPem);
  if (!createPublicKey(options.privateKeyPem).equals(createPublicKey(options.publicKeyPem))) {
    throw new InvariantViolation('public key does not belong to the private key');
  }
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKey;
  csr.setSubject(subjectToForgeAttributes(options.subject));
  csr.sign(forgeSignerFromPem(options.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

export interface CsrInfo {
  readonly subject: CertificateSubject;
  readonly publicKeyPem: string;
}

/**
 * Parses a CSR from the outside (station enrolment) and checks its self-signature, its
 * algorithm (RSA with SHA-256/384/512, no SHA-1) and its key size, so the hub can compare the
 * requested subject with the enrolment record before issuing.
 */
export function inspectCsr(csrPem: string): Result<CsrInfo> {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(csrPem);
  } catch (e) {
    return err('CERTIFICATE_REQUEST_INVALID', `not a PKCS#10 RSA certificate request: ${(e as Error).message}`);
  }
  const sigOid = (csr as unknown as { signatureOid: string }).signatureOid;
  if (!ACCEPTED_CSR_SIGNATURES.has(sigOid)) {
    return err('CERTIFICATE_REQUEST_INVALID', `certificate request signed with unsupported algorithm ${sigOid}`);
  }
  let verified = false;
  try {
    verified = csr.verify();
  } catch {
    verified = false;
  }
  if (!verified) return err('CERTIFICATE_REQUEST_INVALID', 'certificate request self-signature does not verify');
  const publicKeyPem = forge.pki.publicKeyToPem(csr.publicKey as forge.pki.rsa.PublicKey);
  const bits = createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) return err('CERTIFICATE_REQUEST_INVALID', `certificate request key is RSA-${bits}; at least 2048 bits required`);
  const subject = subjectFromForgeAttributes(csr.subject.attributes);
  if (!subject.ok) return err('CERTIFICATE_REQUEST_INVALID', `certificate request subject refused: ${subject.problem}`);
  return ok({ subject: subject.subject, publicKeyPem });
}

/**
 * Issues a certificate for a verified CSR, copying its subject. The caller (hub enrolment)
 * decides whether that subject may have a certificate of `kind` at all; this function only
 * refuses requests that are forged, weak, or lack the id the kind needs.
 */
export function issueFromCsr(options: {
  caCertPem: string;
  caKeyPem: string;
  csrPem: string;
  kind: CertificateKind;
  serial: string;
  validDays: number;
  now: Date;
}): Result<string> {
  const info = inspectCsr(options.csrPem);
  if (!info.ok) return info;
  const kindProblem = kindSubjectProblem(options.kind, info.value.subject);
  if (kindProblem !== null) return err('CERTIFICATE_REQUEST_INVALID', kindProblem);
  return ok(
    issueCertificate({
      caCertPem: options.caCertPem,
      caKeyPem: options.caKeyPem,
      subjectPublicKeyPem: info.value.publicKeyPem,
      subject: info.value.subject,
      kind: options.kind,
      serial: options.serial,
      validDays: options.validDays,
      now: options.now,
    }),
  );
}

// Revocation (createCrl, X.509 v2 CRL signed by this CA, distributed to stations with a
// maximum staleness) belongs here; it comes with the revocation issue (P11-30, D25-04).

/** 16 random bytes as hex: RFC 5280 §4.1.2.2 wants unique serials, CA/B BR §7.1 >= 64 random bits. */
export function randomSerial(): string {
  return canonicalSerial(randomBytes(16).toString('hex'));
}

/**
 * The one spelling of a serial, also what certificate-check reports (OpenSSL prints the
 * INTEGER's value): lowercase hex, whole bytes, no leading zero bytes. At most 20 octets
 * as encoded, sign byte included (RFC 5280 §4.1.2.2).
 */
export function canonicalSerial(hex: string): string {
  if (!/^[0-9a-fA-F]{1,40}$/.test(hex)) throw new InvariantViolation(`serial must be 1-40 hex digits, got "${hex}"`);
  let s = hex.toLowerCase().replace(/^0+/, '');
  if (s === '') throw new InvariantViolation('serial must be positive');
  if (s.length % 2 === 1) s = `0${s}`;
  if (s.length === 40 && Number.parseInt(s[0]!, 16) >= 8) {
    throw new InvariantViolation('serial needs 21 octets with its sign byte; at most 20 allowed');
  }
  return s;
}

/** DER INTEGER content: a 00 byte in front keeps a serial with the high bit set positive. */
function derSerial(hex: string): string {
  const s = canonicalSerial(hex);
  return Number.parseInt(s[0]!, 16) >= 8 ? `00${s}` : s;
}

function setValidity(cert: forge.pki.Certificate, now: Date, validDays: number): void {
  if (Number.isNaN(now.getTime())) throw new InvariantViolation('now is an invalid Date');
  if (!Number.isInteger(validDays) || validDays < 1) throw new InvariantViolation(`validDays must be a positive integer, got ${validDays}`);
  const start = Math.floor(now.getTime() / 1000) * 1000;
  cert.validity.notBefore = new Date(start);
  cert.validity.notAfter = new Date(start + validDays * DAY_MS);
}

function rsaPublicKey(pem: string): forge.pki.rsa.PublicKey {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new InvariantViolation('only RSA keys can be certified (node-forge)');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new InvariantViolation(`RSA-${bits} is too short; at least 2048 bits required`);
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
}

function kindSubjectProblem(kind: CertificateKind, subject: CertificateSubject): string | null {
  if (kind === 'user-signing' && subject.userId === undefined) return 'a user-signing certificate needs subject.userId';
  if (kind === 'station' && subject.stationId === undefined) return 'a station certificate needs subject.stationId';
  return null;
}

/**
 * forge parses UTF8String values as raw UTF-8 bytes but encodes them again on output; decode
 * first, or a CA named "Zürich" would issue certificates whose issuer is not its subject.
 */
function decodedAttributes(attrs: forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return attrs.map((a) => {
    const tag = (a as { valueTagClass?: number }).valueTagClass;
    return tag === forge.asn1.Type.UTF8 && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a;
  });
}

/** What issuing reads from the CA certificate: its subject (the issuer), key identifier and site. */
interface CaFacts {
  readonly issuer: readonly forge.pki.CertificateField[];
  /** The CA's subjectKeyIdentifier (binary string), or the one forge computes from its key. */
  readonly authorityKeyId: string;
  /** The CA's O, which leaf certificates carry unless their subject names one. */
  readonly organisation: string | undefined;
}

const CA_FACTS_MAX = 16;
const caFactsCache = new Map<string, CaFacts>();

/**
 * The CA certificate's facts, parsed once per PEM (keyed by the SHA-256 of the PEM text: another
 * CA, or a renewed one, is another key and parsed afresh). forge's parse of the CA certificate
 * cost as much as the rest of building a certificate, twice per certificate issued (the hub
 * certifies every new signer of every station; issue 16 item 3).
 */
function caFacts(caCertPem: string): CaFacts {
  const key = createHash('sha256').update(caCertPem).digest('hex');
  const hit = caFactsCache.get(key);
  if (hit !== undefined) return hit;
  const ca = forge.pki.certificateFromPem(caCertPem);
  const ski = (ca.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null)?.subjectKeyIdentifier;
  const o = ca.subject.getField({ type: '2.5.4.10' }) as { value?: string; valueTagClass?: number } | null;
  const facts: CaFacts = {
    issuer: decodedAttributes(ca.subject.attributes),
    authorityKeyId: ski !== undefined ? forge.util.hexToBytes(ski) : ca.generateSubjectKeyIdentifier().getBytes(),
    organisation: o?.value === undefined ? undefined : o.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(o.value) : o.value,
  };
  if (caFactsCache.size >= CA_FACTS_MAX) caFactsCache.clear();
  caFactsCache.set(key, facts);
  return facts;
}

const caSigners = new Map<string, forge.pki.rsa.PrivateKey>();

/**
 * The CA key as OpenSSL holds it, read once per PEM (keyed like caFacts): reading the RSA-3072
 * PEM was a sixth of issuing a certificate, once per certificate (the hub certifies every new
 * signer of a station in one request; issue 16). The CA's key is in the hub's memory anyway.
 */
function caSigner(caKeyPem: string): forge.pki.rsa.PrivateKey {
  const key = createHash('sha256').update(caKeyPem).digest('hex');
  const hit = caSigners.get(key);
  if (hit !== undefined) return hit;
  const signer = forgeSignerFromPem(caKeyPem);
  if (caSigners.size >= CA_FACTS_MAX) caSigners.clear();
  caSigners.set(key, signer);
  return signer;
}

function assertSubject(subject: CertificateSubject): void {
  const problem = subjectProblem(subject);
  if (problem !== null) throw new InvariantViolation(`certificate subject refused: ${problem}`);
}
