/**
 * The hub's own HTTPS (issue 10 item 8; 21 CFR 11.30 open systems, COMPLIANCE.md P11-15). The
 * hub serves TLS itself with either a certificate IT provides (a plant's PKI) or one its site
 * CA issues at start for the names it is reached by. Stations pin the site CA they received at
 * enrolment (src-main/sync/hub-client.ts, pinnedHubTransport), so a certificate from any other
 * CA — a proxy's, an attacker's, even a public one — is refused. Behind a TLS-terminating
 * proxy the hub can still run plain HTTP: the signed requests and answers
 * (request-signature.ts) hold end to end either way.
 *
 * An auto certificate is made at every start with a fresh key that never leaves memory, and
 * listed among the certificates the CA issued (kind hub, subject HUB-TLS), so IT can see each.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import forge from 'node-forge';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import { inspectCertificate } from '../../src-core/pki/certificate-check.ts';
import { forgeSignerFromPem } from '../../src-core/pki/forge-node-signer.ts';
import { randomSerial } from '../../src-core/pki/site-ca.ts';
import { issuedCertificates } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';

export const HUB_TLS_SUBJECT_ID = 'HUB-TLS';
/** The longest validity browsers accept for a TLS server certificate (CA/B Forum). */
export const TLS_CERT_DAYS = 397;

export type HubTlsConfig = { certPem: string; keyPem: string } | { auto: true; hostnames?: string[] };

export interface HubTls {
  certPem: string;
  keyPem: string;
  /** The chain a client needs beyond its trust anchor (none for an auto certificate). */
  caPem: string | null;
}

/** The names an auto certificate covers: loopback, this machine, and what IT adds. */
export function tlsNames(extra: readonly string[] = []): string[] {
  return [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...extra].map((n) => n.trim().toLowerCase()).filter((n) => n !== ''))];
}

function authorityKeyId(caCert: forge.pki.Certificate): string {
  const ski = (caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null)?.subjectKeyIdentifier;
  return ski !== undefined ? forge.util.hexToBytes(ski) : caCert.generateSubjectKeyIdentifier().getBytes();
}

export async function resolveHubTls(ctx: HubContext, config: HubTlsConfig): Promise<Result<HubTls>> {
  if (!('auto' in config)) {
    if (!config.certPem.includes('BEGIN CERTIFICATE') || !/BEGIN [A-Z ]*PRIVATE KEY/.test(config.keyPem)) {
      return err('INPUT_INVALID', 'the TLS certificate or key file is not PEM');
    }
    return ok({ certPem: config.certPem, keyPem: config.keyPem, caPem: null });
  }
  const pair = ctx.keySource.next();
  const names = tlsNames(config.hostnames);
  const now = ctx.clock.now();
  const caCert = forge.pki.certificateFromPem(ctx.keys.caCertPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  const serial = randomSerial();
  // DER INTEGERs are signed: a leading nibble of 8 or more needs a zero byte in front.
  cert.serialNumber = Number.parseInt(serial[0]!, 16) >= 8 ? `00${serial}` : serial;
  // Backdated an hour, like station certificates, for clients whose clocks run behind.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + TLS_CERT_DAYS * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: names[0]! }, { name: 'organizationalUnitName', value: 'Batchline hub TLS' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId(caCert) },
  ]);
  cert.sign(forgeSignerFromPem(ctx.keys.caKeyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const info = unwrap(inspectCertificate(certPem));
  await ctx.db.insert(issuedCertificates).values({
    fingerprint: info.fingerprint,
    serialNumber: info.serialNumber,
    kind: 'hub',
    subjectId: HUB_TLS_SUBJECT_ID,
    certPem,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    issuedAt: now,
    issuedBy: 'hub',
  });
  return ok({ certPem, keyPem: pair.privateKeyPem, caPem: ctx.keys.caCertPem });
}
