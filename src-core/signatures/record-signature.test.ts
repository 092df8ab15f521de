import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MEANINGS, SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { generateSigningKeyPair } from '../pki/signing-keys.ts';
import { createSiteCa, issueCertificate } from '../pki/site-ca.ts';
import {
  RECORD_SIGNATURE_PURPOSE,
  signRecord,
  signedBytes,
  verifyRecordSignature,
  type RecordSignatureFields,
} from './record-signature.ts';

const now = new Date('2025-03-01T13:00:00Z');
const jane = generateSigningKeyPair();
const john = generateSigningKeyPair();
const janeKey = createPrivateKey(jane.privateKeyPem);
const johnKey = createPrivateKey(john.privateKeyPem);
const ca = createSiteCa({ commonName: 'Batchline Site CA', organisation: 'Werk Basel', validDays: 3650, now });
const janeCert = issueCertificate({
  caCertPem: ca.certPem,
  caKeyPem: ca.keyPem,
  subjectPublicKeyPem: jane.publicKeyPem,
  subject: { commonName: 'Jane Doe', userId: 'u-jane' },
  kind: 'user-signing',
  serial: '1001',
  validDays: 365,
  now,
});

const fields: RecordSignatureFields = {
  stationId: 'ST-01',
  targetSeq: 57,
  targetHash: createHash('sha256').update('entry 57').digest('hex'),
  meaning: 'verified',
  signerId: 'u-jane',
  signedAt: '2025-03-01T13:02:11.000Z',
};
const signature = signRecord(janeKey, fields);

describe('record signature (21 CFR 11.50 / 11.70)', () => {
  it('signs RFC 8785 canonical JSON with a fixed domain tag', () => {
    const text = signedBytes(fields).toString('utf8');
    expect(text).toBe(
      `{"meaning":"verified","purpose":"${RECORD_SIGNATURE_PURPOSE}","signedAt":"2025-03-01T13:02:11.000Z",` +
        `"signerId":"u-jane","stationId":"ST-01","targetHash":"${fields.targetHash}","targetSeq":57}`,
    );
    // Key order of the input does not matter (canonical form).
    const reordered = { signedAt: fields.signedAt, meaning: fields.meaning, signerId: fields.signerId, targetHash: fields.targetHash, targetSeq: 57, stationId: 'ST-01' };
    expect(signedBytes(reordered).equals(signedBytes(fields))).toBe(true);
  });

  it('P11-18: verifies with the signer\'s certificate, public key PEM or KeyObject', () => {
    expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256); // RSA-2048
    expect(verifyRecordSignature(janeCert, fields, signature)).toBe(true);
    expect(verifyRecordSignature(jane.publicKeyPem, fields, signature)).toBe(true);
    expect(verifyRecordSignature(createPublicKey(jane.publicKeyPem), fields, signature)).toBe(true);
  });

  it('P11-18: a signature does not verify for another target hash, seq or station (cannot be copied)', () => {
    const otherHash = createHash('sha256').update('entry 58').digest('hex');
    expect(verifyRecordSignature(janeCert, { ...fields, targetHash: otherHash }, signature)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...fields, targetSeq: 58 }, signature)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...fields, targetSeq: 56 }, signature)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...fields, stationId: 'ST-02' }, signature)).toBe(false);
  });

  it('P11-16: a signature does not verify for another meaning, signer or time', () => {
    for (const meaning of SIGNATURE_MEANINGS.filter((m) => m !== fields.meaning)) {
      expect(verifyRecordSignature(janeCert, { ...fields, meaning }, signature)).toBe(false);
    }
    expect(verifyRecordSignature(janeCert, { ...fields, signerId: 'u-john' }, signature)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...fields, signedAt: '2025-03-01T13:02:12.000Z' }, signature)).toBe(false);
    // Same instant, other spelling: the signed text is what counts, not the instant.
    expect(verifyRecordSignature(janeCert, { ...fields, signedAt: '2025-03-01T14:02:11.000+01:00' }, signature)).toBe(false);
  });

  it('P11-17: when the manifestation is signed, changing or removing any part breaks the signature', () => {
    const shown = { ...fields, printedName: 'Jane Doe', username: 'jdoe', tzOffset: '+01:00' };
    const sig = signRecord(janeKey, shown);
    expect(verifyRecordSignature(janeCert, shown, sig)).toBe(true);
    expect(verifyRecordSignature(janeCert, { ...shown, printedName: 'Jane Smith' }, sig)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...shown, username: 'jsmith' }, sig)).toBe(false);
    expect(verifyRecordSignature(janeCert, { ...shown, tzOffset: '+02:00' }, sig)).toBe(false);
    const { printedName: _n, ...withoutName } = shown;
    expect(verifyRecordSignature(janeCert, withoutName, sig)).toBe(false);
    expect(verifyRecordSignature(janeCert, fields, sig)).toBe(false);
    expect(verifyRecordSignature(janeCert, shown, signature)).toBe(false);
    expect(() => signedBytes({ ...fields, tzOffset: '+1' })).toThrow(/tzOffset/);
    expect(() => signedBytes({ ...fields, username: '' })).toThrow(/username/);
  });

  it('P11-25: a signature by another user\'s key fails against the signer\'s certificate', () => {
    const forged = signRecord(johnKey, fields);
    expect(verifyRecordSignature(janeCert, fields, forged)).toBe(false);
    expect(verifyRecordSignature(john.publicKeyPem, fields, forged)).toBe(true);
  });

  it('P11-18: flipping any single bit of the signature fails (property)', () => {
    const bytes = Buffer.from(signature, 'base64');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), (bit) => {
        const t = Buffer.from(bytes);
        t[bit >> 3] = t[bit >> 3]! ^ (1 << (bit & 7));
        return !verifyRecordSignature(janeCert, fields, t.toString('base64'));
      }),
      { numRuns: 300 },
    );
  });

  it('P11-18: flipping any single bit of the target hash fails (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (bit) => {
        const h = Buffer.from(fields.targetHash, 'hex');
        h[bit >> 3] = h[bit >> 3]! ^ (1 << (bit & 7));
        return !verifyRecordSignature(janeCert, { ...fields, targetHash: h.toString('hex') }, signature);
      }),
      { numRuns: 256 },
    );
  });

  it('refuses non-canonical base64 spellings of a valid signature', () => {
    // 256 bytes end in "Xy==": the last digit carries 2 data bits and 4 unused ones. Toggling
    // an unused bit spells the same bytes differently; only the canonical text is accepted.
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    expect(signature.endsWith('==')).toBe(true);
    const last = signature.at(-3)!;
    const alias = signature.slice(0, -3) + digits[digits.indexOf(last) ^ 1]! + '==';
    expect(alias).not.toBe(signature);
    expect(Buffer.from(alias, 'base64').equals(Buffer.from(signature, 'base64'))).toBe(true);
    expect(verifyRecordSignature(janeCert, fields, alias)).toBe(false);
    expect(verifyRecordSignature(janeCert, fields, ` ${signature}`)).toBe(false);
    expect(verifyRecordSignature(janeCert, fields, signature.replace(/=+$/, ''))).toBe(false);
    expect(verifyRecordSignature(janeCert, fields, '')).toBe(false);
  });

  it('garbage from a tampered database is false, never a throw', () => {
    const bad: RecordSignatureFields[] = [
      { ...fields, targetSeq: -1 },
      { ...fields, targetSeq: 1.5 },
      { ...fields, targetSeq: Number.NaN },
      { ...fields, targetHash: fields.targetHash.toUpperCase() },
      { ...fields, meaning: 'approved-ish' as SignatureMeaning },
      { ...fields, signedAt: '2025-03-01 13:02:11' },
      { ...fields, signerId: '' },
    ];
    for (const f of bad) expect(verifyRecordSignature(janeCert, f, signature)).toBe(false);
    expect(verifyRecordSignature('not a key', fields, signature)).toBe(false);
    expect(verifyRecordSignature(ca.certPem, fields, signature)).toBe(false);
  });

  it('refuses non-RSA verification keys (no algorithm confusion)', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyRecordSignature(ec.publicKey, fields, signature)).toBe(false);
  });

  it('signing invalid fields is a bug (InvariantViolation)', () => {
    expect(() => signRecord(janeKey, { ...fields, targetHash: 'abc' })).toThrow(/targetHash/);
    expect(() => signRecord(janeKey, { ...fields, meaning: 'ok' as SignatureMeaning })).toThrow(/meaning/);
    expect(() => signRecord(createPublicKey(jane.publicKeyPem), fields)).toThrow(/private key/);
  });

  it('the meaning list is closed and complete', () => {
    expect(SignatureMeaning.options).toEqual(['performed', 'verified', 'reviewed', 'approved', 'released', 'rejected', 'witnessed', 'corrected']);
    expect(SignatureMeaning.safeParse('signed').success).toBe(false);
  });
});
