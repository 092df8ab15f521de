import { createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT_PARAMS } from '../../test/fakes/test-scrypt-params.ts';
import { generateSigningKeyPair, rewrapPrivateKey, unwrapPrivateKey, unwrapPrivateKeys, wrapPrivateKey, wrapPrivateKeys, type WrappedKey } from './signing-keys.ts';

const pair = generateSigningKeyPair();
const wrapped = wrapPrivateKey(pair.privateKeyPem, 'Correct-Horse-9', TEST_SCRYPT_PARAMS);

function signsForPair(key: import('node:crypto').KeyObject): boolean {
  const data = Buffer.from('probe');
  return verify('sha256', data, createPublicKey(pair.publicKeyPem), sign('sha256', data, key));
}

describe('signing keys', () => {
  it('generates RSA-2048 key pairs in PEM (SPKI / PKCS#8)', () => {
    const pub = createPublicKey(pair.publicKeyPem);
    expect(pub.asymmetricKeyType).toBe('rsa');
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('P11-25: the wrapped key is JSON-safe, holds no clear key material, and unwraps with the password', () => {
    const json = JSON.parse(JSON.stringify(wrapped)) as WrappedKey;
    expect(json).toEqual(wrapped);
    expect(Object.keys(json).sort()).toEqual(['N', 'ciphertext', 'iv', 'kdf', 'p', 'r', 'salt', 'tag', 'v']);
    expect(json).toMatchObject({ v: 1, kdf: 'scrypt', N: 1024, r: 8, p: 1 });
    const der = Buffer.from(pair.privateKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(Buffer.from(json.ciphertext, 'base64').includes(der.subarray(40, 80))).toBe(false);
    const key = unwrapPrivateKey(json, 'Correct-Horse-9');
    expect(key.ok).toBe(true);
    if (key.ok) expect(signsForPair(key.value)).toBe(true);
  });

  it('P11-25: a wrong password is SIGNATURE_PASSWORD_INVALID', () => {
    for (const pw of ['correct-horse-9', 'Correct-Horse-', '', 'Correct-Horse-9 ']) {
      const r = unwrapPrivateKey(wrapped, pw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    }
  });

  it('wrapping twice gives different salts, ivs and ciphertexts', () => {
    const again = wrapPrivateKey(pair.privateKeyPem, 'Correct-Horse-9', TEST_SCRYPT_PARAMS);
    expect(again.salt).not.toBe(wrapped.salt);
    expect(again.iv).not.toBe(wrapped.iv);
    expect(again.ciphertext).not.toBe(wrapped.ciphertext);
  });

  it('P11-25: keys wrapped together share one derivation (salt) but not an IV; each opens alone, and an edited one fails alone', () => {
    const [a, b] = [generateSigningKeyPair(), generateSigningKeyPair()];
    const [wa, wb] = wrapPrivateKeys([a.privateKeyPem, b.privateKeyPem], 'station-secret-0123456789', TEST_SCRYPT_PARAMS);
    expect(wa.salt).toBe(wb.salt);
    expect(wa.iv).not.toBe(wb.iv);
    const pub = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' });
    const opened = unwrapPrivateKeys([wa, wb, wrapPrivateKey(a.privateKeyPem, 'station-secret-0123456789', TEST_SCRYPT_PARAMS)], 'station-secret-0123456789');
    expect(opened.map((r) => r.ok && pub(r.value.export({ type: 'pkcs8', format: 'pem' }) as string))).toEqual([pub(a.privateKeyPem), pub(b.privateKeyPem), pub(a.privateKeyPem)]);
    expect(unwrapPrivateKey(wb, 'station-secret-0123456789').ok).toBe(true);
    const edited = { ...wb, tag: Buffer.from(Buffer.from(wb.tag, 'base64').map((x, i) => (i === 0 ? x ^ 1 : x))).toString('base64') };
    const mixed = unwrapPrivateKeys([wa, edited], 'station-secret-0123456789');
    expect(mixed.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'SIGNATURE_PASSWORD_INVALID']);
    expect(unwrapPrivateKeys([wa, wb], 'another-secret-0123456789').map((r) => r.ok)).toEqual([false, false]);
  });

  it('any edited field fails closed (tag, ciphertext, iv, salt, cost parameters)', () => {
    const flipFirstByte = (b64: string): string => {
      const b = Buffer.from(b64, 'base64');
      b[0] = b[0]! ^ 0x80;
      return b.toString('base64');
    };
    const edits: WrappedKey[] = [
      { ...wrapped, tag: flipFirstByte(wrapped.tag) },
      { ...wrapped, ciphertext: flipFirstByte(wrapped.ciphertext) },
      { ...wrapped, iv: flipFirstByte(wrapped.iv) },
      { ...wrapped, salt: flipFirstByte(wrapped.salt) },
      { ...wrapped, N: 2048 },
      { ...wrapped, r: 4 },
      { ...wrapped, p: 2 },
    ];
    for (const e of edits) {
      const r = unwrapPrivateKey(e, 'Correct-Horse-9');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    }
  });

  it('malformed stored values are INPUT_INVALID, never a throw', () => {
    const bad: unknown[] = [
      null,
      'x',
      {},
      { ...wrapped, v: 2 },
      { ...wrapped, kdf: 'pbkdf2' },
      { ...wrapped, extra: 1 },
      { ...wrapped, N: 2 ** 30 },
      { ...wrapped, N: 1000 },
      { ...wrapped, iv: 'AAAA' },
      { ...wrapped, tag: '!!' },
    ];
    for (const b of bad) {
      const r = unwrapPrivateKey(b, 'Correct-Horse-9');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INPUT_INVALID');
    }
  });

  it('P11-29: rewrap on password change keeps the key pair; only the new password opens it', () => {
    const re = rewrapPrivateKey(wrapped, 'Correct-Horse-9', 'Battery-Staple-10', TEST_SCRYPT_PARAMS);
    expect(re.ok).toBe(true);
    if (!re.ok) return;
    const old = unwrapPrivateKey(re.value, 'Correct-Horse-9');
    expect(old.ok ? 'ok' : old.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
    const fresh = unwrapPrivateKey(re.value, 'Battery-Staple-10');
    expect(fresh.ok).toBe(true);
    if (fresh.ok) expect(signsForPair(fresh.value)).toBe(true);

    const wrongOld = rewrapPrivateKey(wrapped, 'nope', 'Battery-Staple-10', TEST_SCRYPT_PARAMS);
    expect(wrongOld.ok ? 'ok' : wrongOld.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
  });
});
