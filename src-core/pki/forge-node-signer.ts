/**
 * Lets node-forge build certificates and CSRs while OpenSSL does the RSA private-key operation.
 * forge's pure-JS RSA took ~400 ms to sign one certificate with the RSA-3072 site CA key on
 * the build machine; OpenSSL needs a few milliseconds, which matters when the demo seeding,
 * the tests and the hub's enrolment issue certificates in bulk.
 *
 * forge calls `key.sign(md)` with the finished SHA-256 digest of the TBSCertificate (or
 * CertificationRequestInfo). RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) is RSA with block type 1
 * padding over DigestInfo(SHA-256, digest); privateEncrypt with RSA_PKCS1_PADDING is exactly
 * that operation, and the DigestInfo prefix is the fixed one from RFC 8017 §9.2, note 1.
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import type forge from 'node-forge';
import { InvariantViolation } from '../../src-shared/result.ts';

const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A stand-in for forge's RSA private key that forge's cert.sign / csr.sign accept. */
export function forgeSignerFromPem(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new InvariantViolation('only RSA keys can sign certificates (node-forge)');
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new InvariantViolation(`certificates are signed with SHA-256, not ${md.algorithm}`);
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]);
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary');
    },
  };
  return signer as unknown as forge.pki.rsa.PrivateKey;
}
