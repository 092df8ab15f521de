import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { forgeSignerFromPem } from './forge-node-signer.ts';
import { generateSigningKeyPair } from './signing-keys.ts';

describe('forge signer backed by node:crypto', () => {
  const pair = generateSigningKeyPair();

  it('produces exactly forge\'s own RSASSA-PKCS1-v1_5 SHA-256 signature (deterministic scheme)', () => {
    for (const text of ['', 'tbsCertificate bytes', 'x'.repeat(10_000)]) {
      const a = forge.md.sha256.create().update(text);
      const b = forge.md.sha256.create().update(text);
      const viaNode = forgeSignerFromPem(pair.privateKeyPem).sign(a);
      const viaForge = (forge.pki.privateKeyFromPem(pair.privateKeyPem) as forge.pki.rsa.PrivateKey).sign(b);
      expect(Buffer.from(viaNode, 'binary').equals(Buffer.from(viaForge, 'binary'))).toBe(true);
    }
  });

  it('signs certificates forge and OpenSSL both verify', () => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
    cert.serialNumber = '01';
    cert.validity.notBefore = new Date('2025-01-01T00:00:00Z');
    cert.validity.notAfter = new Date('2026-01-01T00:00:00Z');
    cert.setSubject([{ name: 'commonName', value: 'self' }]);
    cert.setIssuer([{ name: 'commonName', value: 'self' }]);
    cert.sign(forgeSignerFromPem(pair.privateKeyPem), forge.md.sha256.create());
    expect(cert.verify(cert)).toBe(true);
    const pem = forge.pki.certificateToPem(cert);
    expect(new X509Certificate(pem).verify(createPublicKey(pair.publicKeyPem))).toBe(true);
  });

  it('refuses other digests and non-RSA keys (bugs)', () => {
    expect(() => forgeSignerFromPem(pair.privateKeyPem).sign(forge.md.sha1.create())).toThrow(/SHA-256/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => forgeSignerFromPem(ec)).toThrow(/only RSA/);
  });
});
