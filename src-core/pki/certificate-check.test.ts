import { X509Certificate, createHash } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { createCertificateCache, inspectCertificate, parseDistinguishedName, verifyCertificateChain } from './certificate-check.ts';
import { generateSigningKeyPair } from './signing-keys.ts';
import { createSiteCa, issueCertificate } from './site-ca.ts';
import { subjectProblem, type CertificateSubject } from './x509-subject.ts';

const now = new Date('2025-03-01T12:00:00.250Z');
const ca = createSiteCa({ commonName: 'Batchline Site CA', organisation: 'Werk Basel', validDays: 3650, now });
const otherCa = createSiteCa({ commonName: 'Batchline Site CA', organisation: 'Werk Basel', validDays: 3650, now });
const jane = generateSigningKeyPair();
const DAY = 86_400_000;

function issue(subject: CertificateSubject = { commonName: 'Jane Doe', userId: 'u-jane' }, opts: { by?: typeof ca; validDays?: number } = {}): string {
  const by = opts.by ?? ca;
  return issueCertificate({
    caCertPem: by.certPem,
    caKeyPem: by.keyPem,
    subjectPublicKeyPem: jane.publicKeyPem,
    subject,
    kind: 'user-signing',
    serial: '0badc0de',
    validDays: opts.validDays ?? 365,
    now,
  });
}
const janeCert = issue();

/** Re-encodes a PEM after replacing bytes in its DER (same length): an edited certificate. */
function editDer(pem: string, from: string, to: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const at = der.indexOf(Buffer.from(from, 'utf8'));
  if (at < 0 || from.length !== to.length) throw new Error(`cannot edit ${from}`);
  der.write(to, at, 'utf8');
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
}

function failure(r: ReturnType<typeof verifyCertificateChain>): { reason: unknown; message: string } | null {
  if (r.ok) return null;
  expect(r.error.code).toBe('CERTIFICATE_INVALID');
  return { reason: r.error.details?.reason, message: r.error.message };
}

/** A certificate built with forge directly, skipping site-ca's subject checks (an attacker's). */
function rawCert(attrs: { type: string; value: string }[]): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(jane.publicKeyPem);
  cert.serialNumber = '01';
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + DAY);
  cert.setSubject(attrs.map((a) => ({ ...a, valueTagClass: forge.asn1.Type.UTF8 })) as unknown as forge.pki.CertificateField[]);
  cert.setIssuer(forge.pki.certificateFromPem(ca.certPem).subject.attributes);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('inspectCertificate', () => {
  it('reports fingerprint (sha256 of DER, lowercase hex), serial, names, dates and ids', () => {
    const info = inspectCertificate(janeCert);
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    const x = new X509Certificate(janeCert);
    expect(info.value.fingerprint).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(info.value.fingerprint).toBe(createHash('sha256').update(x.raw).digest('hex'));
    expect(info.value).toMatchObject({
      serialNumber: '0badc0de',
      subjectCommonName: 'Jane Doe',
      userId: 'u-jane',
      issuerCommonName: 'Batchline Site CA',
      notBefore: new Date('2025-03-01T12:00:00Z'),
      notAfter: new Date('2026-03-01T12:00:00Z'),
      isCa: false,
      kind: 'user-signing',
    });
  });

  it('is CERTIFICATE_INVALID for something that is not a certificate', () => {
    for (const pem of ['', 'hello', janeCert.slice(0, 200), jane.publicKeyPem]) {
      const r = inspectCertificate(pem);
      expect(r.ok ? 'ok' : r.error.code).toBe('CERTIFICATE_INVALID');
    }
  });

  it('P11-19: a common name cannot smuggle in a user id (newline, comma, plus are escaped)', () => {
    for (const cn of ['Eve\nUID=u-admin', 'Eve, UID=u-admin', 'Eve + UID=u-admin', 'Eve\\\nUID=u-admin']) {
      const info = inspectCertificate(rawCert([{ type: '2.5.4.3', value: cn }]));
      expect(info.ok && info.value.subjectCommonName).toBe(cn);
      expect(info.ok && info.value.userId).toBeUndefined();
    }
  });

  it('P11-19: a certificate with two user ids is refused as ambiguous', () => {
    const pem = rawCert([
      { type: '2.5.4.3', value: 'Eve' },
      { type: '0.9.2342.19200300.100.1.1', value: 'u-eve' },
      { type: '0.9.2342.19200300.100.1.1', value: 'u-admin' },
    ]);
    const r = inspectCertificate(pem);
    expect(r.ok ? 'ok' : r.error.message).toMatch(/more than one userId/);
  });

  it('reads back any subject we can issue (property, against OpenSSL\'s printed names)', () => {
    const tricky = fc.constantFrom(',', '+', '=', '\\', '"', '<', '>', ';', '#', ' ', ' + ', '\\0A', 'ß', '€', '😀', '\u00a0', 'é', '\u2028', 'a', 'Z', '0');
    const text = fc
      .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (commonName, userId) => {
        const subject = { commonName, userId, role: 'qa' };
        fc.pre(subjectProblem(subject) === null);
        const info = inspectCertificate(issue(subject));
        return info.ok && info.value.subjectCommonName === commonName && info.value.userId === userId && info.value.role === 'qa';
      }),
      { numRuns: 40 },
    );
  });

  it('parses OpenSSL multi-line names with escapes and multi-valued RDNs', () => {
    const dn = parseDistinguishedName('CN=J\\C3\\B6rg\\, M\\+x\\0AUID=y\nUID=u-1 + title=qa\nO=\\ lead');
    expect(dn && Object.fromEntries(dn)).toEqual({ CN: ['Jörg, M+x\nUID=y'], UID: ['u-1'], title: ['qa'], O: [' lead'] });
    expect(parseDistinguishedName('novalue')).toBeNull();
    expect(parseDistinguishedName('CN=trailing\\')).toBeNull();
  });
});

describe('verifyCertificateChain', () => {
  it('accepts a certificate at any instant of its validity, both ends inclusive', () => {
    const info = inspectCertificate(janeCert);
    if (!info.ok) throw new Error('setup');
    for (const at of [info.value.notBefore, now, new Date(now.getTime() + 100 * DAY), info.value.notAfter]) {
      expect(verifyCertificateChain(janeCert, ca.certPem, at).ok).toBe(true);
    }
  });

  it('names expiry and not-yet-valid precisely', () => {
    const after = new Date('2026-03-01T12:00:00.001Z');
    expect(failure(verifyCertificateChain(janeCert, ca.certPem, after))).toEqual({
      reason: 'expired',
      message: 'certificate expired at 2026-03-01T12:00:00.001Z (valid until 2026-03-01T12:00:00.000Z)',
    });
    const before = new Date('2025-03-01T11:59:59.999Z');
    expect(failure(verifyCertificateChain(janeCert, ca.certPem, before))?.reason).toBe('ca-not-yet-valid');
    const youngCert = issueCertificate({
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      subjectPublicKeyPem: jane.publicKeyPem,
      subject: { commonName: 'Jane Doe', userId: 'u-jane' },
      kind: 'user-signing',
      serial: '02',
      validDays: 10,
      now: new Date('2025-04-01T00:00:00Z'),
    });
    expect(failure(verifyCertificateChain(youngCert, ca.certPem, new Date('2025-03-31T23:59:59Z')))).toEqual({
      reason: 'not-yet-valid',
      message: 'certificate not yet valid at 2025-03-31T23:59:59.000Z (valid from 2025-04-01T00:00:00.000Z)',
    });
  });

  it('refuses a certificate from another CA, even one with the same name', () => {
    const foreign = issue(undefined, { by: otherCa });
    const f = failure(verifyCertificateChain(foreign, ca.certPem, now));
    expect(f?.reason).toBe('not-issued-by-ca');
    expect(f?.message).toContain('not issued by CA "Batchline Site CA"');
    expect(verifyCertificateChain(foreign, otherCa.certPem, now).ok).toBe(true);
  });

  it('P11-19: an edited certificate (other user id, other name) has a bad signature', () => {
    for (const [from, to] of [['u-jane', 'u-john'], ['Jane Doe', 'Jane Dox']] as const) {
      const f = failure(verifyCertificateChain(editDer(janeCert, from, to), ca.certPem, now));
      expect(f?.reason).toBe('bad-signature');
      expect(f?.message).toMatch(/^bad signature/);
    }
  });

  it('refuses a leaf as trust anchor, a CA as signer, a wrong kind and unreadable input', () => {
    expect(failure(verifyCertificateChain(janeCert, janeCert, now))?.reason).toBe('ca-not-ca');
    expect(failure(verifyCertificateChain(ca.certPem, ca.certPem, now))?.reason).toBe('is-ca');
    expect(failure(verifyCertificateChain(janeCert, ca.certPem, now, { kind: 'station' }))).toEqual({
      reason: 'wrong-kind',
      message: 'certificate is user-signing, station required',
    });
    expect(failure(verifyCertificateChain('junk', ca.certPem, now))?.reason).toBe('malformed');
    expect(failure(verifyCertificateChain(janeCert, 'junk', now))?.reason).toBe('ca-malformed');
    expect(() => verifyCertificateChain(janeCert, ca.certPem, new Date(Number.NaN))).toThrow(/invalid Date/);
  });

  it('refuses a certificate used after its CA expired', () => {
    const shortCa = createSiteCa({ commonName: 'Short CA', organisation: 'Werk Basel', validDays: 30, now });
    const pem = issue(undefined, { by: shortCa, validDays: 365 });
    expect(verifyCertificateChain(pem, shortCa.certPem, new Date(now.getTime() + 20 * DAY)).ok).toBe(true);
    expect(failure(verifyCertificateChain(pem, shortCa.certPem, new Date(now.getTime() + 40 * DAY)))?.reason).toBe('ca-expired');
  });

  it('gives the same answers with a cache, and still checks the time on every call', () => {
    const cache = createCertificateCache();
    const foreign = issue(undefined, { by: otherCa });
    const edited = editDer(janeCert, 'u-jane', 'u-john');
    const cases: [string, Date][] = [
      [janeCert, now],
      [janeCert, new Date('2027-01-01T00:00:00Z')],
      [foreign, now],
      [edited, now],
      ['junk', now],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [pem, at] of cases) {
        expect(verifyCertificateChain(pem, ca.certPem, at, { cache })).toEqual(verifyCertificateChain(pem, ca.certPem, at));
      }
    }
    expect(cache.parsed.size).toBe(5); // CA + 4 distinct PEMs, each parsed once
    expect(cache.issued.get(ca.certPem)?.size).toBe(3);
  });

  it('keeps the cache bounded', () => {
    const cache = createCertificateCache(2);
    for (const serial of ['10', '11', '12', '13']) {
      const pem = issueCertificate({
        caCertPem: ca.certPem,
        caKeyPem: ca.keyPem,
        subjectPublicKeyPem: jane.publicKeyPem,
        subject: { commonName: 'Jane Doe', userId: 'u-jane' },
        kind: 'user-signing',
        serial,
        validDays: 365,
        now,
      });
      expect(verifyCertificateChain(pem, ca.certPem, now, { cache }).ok).toBe(true);
      expect(cache.parsed.size).toBeLessThanOrEqual(2);
      expect(cache.issued.get(ca.certPem)!.size).toBeLessThanOrEqual(2);
    }
  });
});
