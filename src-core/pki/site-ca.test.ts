import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { inspectCertificate, verifyCertificateChain } from './certificate-check.ts';
import { generateSigningKeyPair } from './signing-keys.ts';
import {
  OID_KP_CLIENT_AUTH,
  OID_KP_DOCUMENT_SIGNING,
  canonicalSerial,
  createCsr,
  createSiteCa,
  inspectCsr,
  issueCertificate,
  issueFromCsr,
  randomSerial,
} from './site-ca.ts';

const now = new Date('2025-03-01T12:00:00.750Z');
const ca = createSiteCa({ commonName: 'Batchline Site CA Zürich', organisation: 'Werk Zürich AG', validDays: 3650, now });
const user = generateSigningKeyPair();
const station = generateSigningKeyPair();

function issueUser(overrides: Partial<Parameters<typeof issueCertificate>[0]> = {}): string {
  return issueCertificate({
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    subjectPublicKeyPem: user.publicKeyPem,
    subject: { commonName: 'Jane Doe', userId: 'u-jane', role: 'supervisor' },
    kind: 'user-signing',
    serial: '1a2b',
    validDays: 365,
    now,
    ...overrides,
  });
}

function forgeExtensions(pem: string): Record<string, Record<string, unknown>> {
  const cert = forge.pki.certificateFromPem(pem);
  return Object.fromEntries((cert.extensions as { name: string }[]).map((e) => [e.name, e as Record<string, unknown>]));
}

function expectRefused(result: { ok: boolean; error?: { code: string; message: string } }, message: RegExp): void {
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe('CERTIFICATE_REQUEST_INVALID');
  expect(result.error?.message).toMatch(message);
}

describe('site CA', () => {
  it('creates a self-signed RSA-3072 CA with cA, keyCertSign/cRLSign and a key identifier', () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkIssued(x)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(x.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true);
    const ext = forgeExtensions(ca.certPem);
    expect(ext.basicConstraints).toMatchObject({ cA: true, pathLenConstraint: 0, critical: true });
    expect(ext.keyUsage).toMatchObject({ keyCertSign: true, cRLSign: true, digitalSignature: false, critical: true });
    expect(ext.subjectKeyIdentifier?.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    const info = inspectCertificate(ca.certPem);
    expect(info.ok && info.value).toMatchObject({
      subjectCommonName: 'Batchline Site CA Zürich',
      issuerCommonName: 'Batchline Site CA Zürich',
      organisation: 'Werk Zürich AG',
      isCa: true,
      notBefore: new Date('2025-03-01T12:00:00Z'), // whole seconds
      notAfter: new Date('2035-02-27T12:00:00Z'),
    });
  });

  it('P11-19: issues a user-signing certificate bound to the user id (UID), verifiable against the CA', () => {
    const pem = issueUser();
    const checked = verifyCertificateChain(pem, ca.certPem, new Date('2025-06-01T00:00:00Z'));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value).toMatchObject({
      subjectCommonName: 'Jane Doe',
      userId: 'u-jane',
      role: 'supervisor',
      organisation: 'Werk Zürich AG', // inherited from the CA (a non-ASCII issuer must round-trip)
      issuerCommonName: 'Batchline Site CA Zürich',
      serialNumber: '1a2b',
      kind: 'user-signing',
      isCa: false,
    });
    expect(checked.value.stationId).toBeUndefined();
    expect(checked.value.publicKey.export({ type: 'spki', format: 'pem' })).toBe(user.publicKeyPem);
    const ext = forgeExtensions(pem);
    expect(ext.basicConstraints).toMatchObject({ cA: false, critical: true });
    expect(ext.keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: true, keyCertSign: false, critical: true });
    expect(ext.extKeyUsage?.[OID_KP_DOCUMENT_SIGNING]).toBe(true);
    expect(ext.extKeyUsage?.clientAuth).toBeUndefined();
    expect(ext.authorityKeyIdentifier).toBeDefined();
  });

  it('P11-19 a certificate names the CA that issued it: the CA certificate read for an earlier one is not used for another CA', () => {
    const other = createSiteCa({ commonName: 'Batchline Site CA Basel', organisation: 'Werk Basel AG', validDays: 3650, now });
    const first = issueUser();
    const second = issueUser({ caCertPem: other.certPem, caKeyPem: other.keyPem });
    const third = issueUser({ subject: { commonName: 'Jane Doe', userId: 'u-jane', organisation: 'Own O' } });
    const at = new Date('2025-06-01T00:00:00Z');
    expect(verifyCertificateChain(first, ca.certPem, at)).toMatchObject({ ok: true, value: { issuerCommonName: 'Batchline Site CA Zürich', organisation: 'Werk Zürich AG' } });
    expect(verifyCertificateChain(second, other.certPem, at)).toMatchObject({ ok: true, value: { issuerCommonName: 'Batchline Site CA Basel', organisation: 'Werk Basel AG' } });
    expect(verifyCertificateChain(second, ca.certPem, at)).toMatchObject({ ok: false, error: { details: { reason: 'not-issued-by-ca' } } });
    expect(verifyCertificateChain(third, ca.certPem, at)).toMatchObject({ ok: true, value: { issuerCommonName: 'Batchline Site CA Zürich', organisation: 'Own O' } });
    // The authority key identifier is the issuing CA's own.
    const ski = (pem: string) => (forge.pki.certificateFromPem(pem).getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string }).subjectKeyIdentifier;
    // forge keeps the extension's DER: SEQUENCE { [0] keyIdentifier (20 bytes) }.
    const aki = (pem: string) => forge.util.bytesToHex((forgeExtensions(pem).authorityKeyIdentifier as { value: string }).value).slice(-40);
    expect(aki(first)).toBe(ski(ca.certPem));
    expect(aki(second)).toBe(ski(other.certPem));
  });

  it('issues a station certificate with the station id and clientAuth', () => {
    const pem = issueCertificate({
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      subjectPublicKeyPem: station.publicKeyPem,
      subject: { commonName: 'Dispensing booth 1', stationId: 'ST-01' },
      kind: 'station',
      serial: randomSerial(),
      validDays: 1825,
      now,
    });
    const checked = verifyCertificateChain(pem, ca.certPem, now, { kind: 'station' });
    expect(checked.ok && checked.value).toMatchObject({ stationId: 'ST-01', kind: 'station', subjectCommonName: 'Dispensing booth 1' });
    const ext = forgeExtensions(pem);
    expect(ext.keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: false });
    expect(ext.extKeyUsage?.clientAuth).toBe(true);
    expect(new X509Certificate(pem).keyUsage).toEqual([OID_KP_CLIENT_AUTH]);
  });

  it('writes serials as positive DER integers and reports them canonically', () => {
    expect(canonicalSerial('00F1')).toBe('f1');
    expect(canonicalSerial('abc')).toBe('0abc');
    expect(() => canonicalSerial('0')).toThrow(/positive/);
    expect(() => canonicalSerial('xyz')).toThrow(/hex/);
    expect(() => canonicalSerial('1'.repeat(41))).toThrow(/hex/);
    expect(() => canonicalSerial('ff'.repeat(20))).toThrow(/21 octets/);
    for (const serial of ['f1', '7f', '01', '7f' + 'ff'.repeat(19), 'ff'.repeat(19)]) {
      const info = inspectCertificate(issueUser({ serial }));
      expect(info.ok && info.value.serialNumber).toBe(canonicalSerial(serial));
      // High bit set: DER needs the 00 sign byte, or the serial would read as negative.
      const der = forge.pki.certificateFromPem(issueUser({ serial })).serialNumber;
      expect(der).toBe(Number.parseInt(serial[0]!, 16) >= 8 ? `00${serial}` : serial);
    }
    const r = randomSerial();
    expect(r).toMatch(/^[0-9a-f]{2,32}$/);
    expect(r).not.toBe(randomSerial());
  });

  it('uses GeneralizedTime for dates from 2050 (RFC 5280 §4.1.2.5)', () => {
    const late = new Date('2049-12-01T00:00:00Z');
    const info = inspectCertificate(issueUser({ now: late, validDays: 100 }));
    expect(info.ok && info.value.notAfter).toEqual(new Date('2050-03-11T00:00:00Z'));
  });

  it('refuses subjects and arguments that cannot make a sound certificate (bugs: InvariantViolation)', () => {
    expect(() => issueUser({ subject: { commonName: 'Jane Doe' } })).toThrow(/userId/);
    expect(() => issueUser({ kind: 'station' })).toThrow(/stationId/);
    expect(() => issueUser({ subject: { commonName: '', userId: 'u' } })).toThrow(/commonName/);
    expect(() => issueUser({ subject: { commonName: 'x'.repeat(65), userId: 'u' } })).toThrow(/longer than 64/);
    expect(() => issueUser({ subject: { commonName: 'Eve\nUID=admin', userId: 'u' } })).toThrow(/control character/);
    expect(() => issueUser({ subject: { commonName: 'S', stationId: 'ST_01' }, kind: 'station' })).toThrow(/PrintableString/);
    expect(() => issueUser({ validDays: 0 })).toThrow(/validDays/);
    expect(() => issueUser({ now: new Date(Number.NaN) })).toThrow(/invalid Date/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => issueUser({ subjectPublicKeyPem: ec })).toThrow(/only RSA/);
  });
});

describe('CSR enrolment', () => {
  const subject = { commonName: 'Dispensing booth 2', stationId: 'ST-02' };
  const csrPem = createCsr({ privateKeyPem: station.privateKeyPem, publicKeyPem: station.publicKeyPem, subject });
  const issue = (csr: string, kind: 'station' | 'user-signing' = 'station') =>
    issueFromCsr({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, csrPem: csr, kind, serial: randomSerial(), validDays: 1825, now });

  it('round-trips subject and key through a CSR and issues from it', () => {
    const info = inspectCsr(csrPem);
    expect(info.ok && info.value).toEqual({ subject, publicKeyPem: expect.any(String) });
    if (info.ok) expect(createPublicKey(info.value.publicKeyPem).equals(createPublicKey(station.publicKeyPem))).toBe(true);
    const issued = issue(csrPem);
    expect(issued.ok).toBe(true);
    if (!issued.ok) return;
    const checked = verifyCertificateChain(issued.value, ca.certPem, now, { kind: 'station' });
    expect(checked.ok && checked.value).toMatchObject({ stationId: 'ST-02', subjectCommonName: 'Dispensing booth 2' });
  });

  it('refuses a CSR whose self-signature does not verify (subject edited after signing)', () => {
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('ST-02'));
    expect(at).toBeGreaterThan(0);
    der.write('ST-66', at, 'latin1');
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    expectRefused(issue(tampered), /self-signature does not verify/);
  });

  it('refuses a CSR signed by a key other than the one it requests a certificate for', () => {
    const other = generateSigningKeyPair();
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(station.publicKeyPem);
    csr.setSubject([{ name: 'commonName', value: 'Booth' }, { name: 'serialNumber', value: 'ST-03' }]);
    csr.sign(forge.pki.privateKeyFromPem(other.privateKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    expectRefused(issue(forge.pki.certificationRequestToPem(csr)), /self-signature does not verify/);
  });

  it('refuses SHA-1 signed, short-key, garbage and incomplete requests', () => {
    const key = forge.pki.privateKeyFromPem(station.privateKeyPem) as forge.pki.rsa.PrivateKey;
    const sha1 = forge.pki.createCertificationRequest();
    sha1.publicKey = forge.pki.publicKeyFromPem(station.publicKeyPem);
    sha1.setSubject([{ name: 'commonName', value: 'Booth' }, { name: 'serialNumber', value: 'ST-04' }]);
    sha1.sign(key, forge.md.sha1.create());
    expectRefused(issue(forge.pki.certificationRequestToPem(sha1)), /unsupported algorithm/);

    const weak = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const weakCsr = forge.pki.createCertificationRequest();
    weakCsr.publicKey = forge.pki.publicKeyFromPem(weak.publicKey);
    weakCsr.setSubject([{ name: 'commonName', value: 'Booth' }, { name: 'serialNumber', value: 'ST-05' }]);
    weakCsr.sign(forge.pki.privateKeyFromPem(weak.privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    expectRefused(issue(forge.pki.certificationRequestToPem(weakCsr)), /RSA-1024/);

    expectRefused(issue('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'), /not a PKCS#10/);
    expectRefused(issue('hello'), /not a PKCS#10/);
    // A station certificate needs a station id; a user-signing one a user id.
    expectRefused(issue(csrPem, 'user-signing'), /needs subject.userId/);
    const noId = createCsr({ privateKeyPem: station.privateKeyPem, publicKeyPem: station.publicKeyPem, subject: { commonName: 'Booth' } });
    expectRefused(issue(noId), /needs subject.stationId/);
  });

  it('refuses a CSR naming a station id twice (ambiguous subject)', () => {
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(station.publicKeyPem);
    csr.setSubject([
      { name: 'commonName', value: 'Booth' },
      { name: 'serialNumber', value: 'ST-06' },
      { name: 'serialNumber', value: 'ST-01' },
    ]);
    csr.sign(forge.pki.privateKeyFromPem(station.privateKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    expectRefused(issue(forge.pki.certificationRequestToPem(csr)), /stationId more than once/);
  });

  it('createCsr refuses a public key that is not the private key\'s', () => {
    expect(() => createCsr({ privateKeyPem: station.privateKeyPem, publicKeyPem: user.publicKeyPem, subject })).toThrow(/does not belong/);
  });
});
