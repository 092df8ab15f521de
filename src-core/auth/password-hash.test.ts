import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT_PARAMS } from '../../test/fakes/test-scrypt-params.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, parsePasswordHash, verifyPassword } from './password-hash.ts';

describe('password hash (scrypt)', () => {
  it('P11-28: stores a salted, self-describing hash that verifies only the right password', () => {
    const stored = hashPassword('Granulate-42!', TEST_SCRYPT_PARAMS);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(stored).not.toContain('Granulate');
    expect(verifyPassword('Granulate-42!', stored)).toBe(true);
    expect(verifyPassword('granulate-42!', stored)).toBe(false);
    expect(verifyPassword('Granulate-42', stored)).toBe(false);
    expect(verifyPassword('', stored)).toBe(false);
  });

  it('P11-28: the same password for two users gives two different hashes (per-user salt)', () => {
    const a = hashPassword('Same-Password-1', TEST_SCRYPT_PARAMS);
    const b = hashPassword('Same-Password-1', TEST_SCRYPT_PARAMS);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.salt.equals(parsePasswordHash(b)!.salt)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, not the current default', () => {
    const old = hashPassword('Old-Cost-Pass-1', { N: 2 ** 11, r: 4, p: 2 });
    expect(verifyPassword('Old-Cost-Pass-1', old)).toBe(true);
    expect(needsRehash(old, TEST_SCRYPT_PARAMS)).toBe(true);
    expect(needsRehash(hashPassword('x', TEST_SCRYPT_PARAMS), TEST_SCRYPT_PARAMS)).toBe(false);
  });

  it('normalises Unicode (NFKC): composed and decomposed accents are the same password', () => {
    const stored = hashPassword('Caf\u00e9-Tablette-9', TEST_SCRYPT_PARAMS);
    expect(verifyPassword('Cafe\u0301-Tablette-9', stored)).toBe(true);
  });

  it('the default cost hashes and verifies (and is the documented N=2^15, r=8, p=3)', () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 3 });
    const stored = hashPassword('Default-Cost-1');
    expect(stored.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(verifyPassword('Default-Cost-1', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it('treats malformed or tampered stored values as non-matching, never throwing', () => {
    const good = hashPassword('Pass-word-77', TEST_SCRYPT_PARAMS);
    const [scheme, n, r, p, salt, hash] = good.split('$') as [string, string, string, string, string, string];
    const bad = [
      '',
      'bcrypt$10$abc',
      [scheme, n, r, p, salt].join('$'),
      ['argon2', n, r, p, salt, hash].join('$'),
      [scheme, '1000', r, p, salt, hash].join('$'), // N not a power of two
      [scheme, String(2 ** 30), r, p, salt, hash].join('$'), // would allocate 1 TiB
      [scheme, n, '0', p, salt, hash].join('$'),
      [scheme, n, r, '-1', salt, hash].join('$'),
      [scheme, n, r, p, 'c2hvcnQ=', hash].join('$'), // 5-byte salt
      [scheme, n, r, p, salt, 'not base64!'].join('$'),
    ];
    for (const stored of bad) {
      expect(verifyPassword('Pass-word-77', stored), stored).toBe(false);
      expect(needsRehash(stored, TEST_SCRYPT_PARAMS)).toBe(true);
    }
    const zeroHash = [scheme, n, r, p, salt, Buffer.alloc(32).toString('base64')].join('$');
    expect(verifyPassword('Pass-word-77', zeroHash)).toBe(false);
  });

  it('flipping any byte of the stored hash makes the right password fail', () => {
    const good = hashPassword('Flip-Test-123', TEST_SCRYPT_PARAMS);
    const parsed = parsePasswordHash(good)!;
    for (let i = 0; i < parsed.hash.length; i += 1) {
      const h = Buffer.from(parsed.hash);
      h[i] = h[i]! ^ 0x01;
      const tampered = good.replace(parsed.hash.toString('base64'), h.toString('base64'));
      expect(verifyPassword('Flip-Test-123', tampered)).toBe(false);
    }
  });
});
