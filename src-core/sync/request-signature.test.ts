import { describe, expect, it } from 'vitest';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { sha256Hex, signRequest, signResponse, verifyRequestSignature, verifyResponseSignature, type RequestSigningParts } from './request-signature.ts';
import { countersign, verifyCountersignature } from './countersignature.ts';

const pair = keyPool(3).next();
const other = keyPool(4).next();
const key = createPrivateKey(pair.privateKeyPem);
const pub = createPublicKey(pair.publicKeyPem);

const parts: RequestSigningParts = {
  method: 'POST',
  path: '/api/v1/sync/push',
  bodySha256: sha256Hex('{"entries":[]}'),
  time: '2026-03-02T01:00:00.000Z',
  nonce: 'nonce-0123456789abcdef',
  stationId: 'ST-1',
  certFingerprint: 'a'.repeat(64),
};

describe('signed station requests', () => {
  it('verifies with the station key and fails when any signed part changes', () => {
    const sig = signRequest(key, parts);
    expect(verifyRequestSignature(pub, parts, sig)).toBe(true);
    for (const [field, value] of Object.entries({ method: 'GET', path: '/api/v1/sync/state', bodySha256: sha256Hex('{}'), time: '2026-03-02T01:00:01.000Z', nonce: 'nonce-0123456789abcdeg', stationId: 'ST-2', certFingerprint: 'b'.repeat(64) })) {
      expect(verifyRequestSignature(pub, { ...parts, [field]: value }, sig), field).toBe(false);
    }
    expect(verifyRequestSignature(createPublicKey(other.publicKeyPem), parts, sig)).toBe(false);
    expect(verifyRequestSignature(pub, parts, 'not base64 !')).toBe(false);
  });

  it('binds the hub answer to the request method, path, nonce, status, body and hub time', () => {
    const answer = { method: 'POST', path: '/api/v1/sync/push', nonce: parts.nonce, status: 200, bodySha256: sha256Hex('{"ackSeq":3}'), hubTime: '2026-03-02T01:00:00.000Z' };
    const sig = signResponse(key, answer);
    expect(verifyResponseSignature(pub, answer, sig)).toBe(true);
    expect(verifyResponseSignature(pub, { ...answer, nonce: 'nonce-of-another-request' }, sig)).toBe(false);
    expect(verifyResponseSignature(pub, { ...answer, status: 409 }, sig)).toBe(false);
    expect(verifyResponseSignature(pub, { ...answer, method: 'GET' }, sig)).toBe(false);
    expect(verifyResponseSignature(pub, { ...answer, path: '/api/v1/sync/state' }, sig)).toBe(false);
    expect(verifyResponseSignature(pub, { ...answer, bodySha256: sha256Hex('{"ackSeq":4}') }, sig)).toBe(false);
    expect(verifyResponseSignature(pub, { ...answer, hubTime: '2026-03-02T02:00:00.000Z' }, sig)).toBe(false);
  });

  it('a countersignature covers station, size, root and time', () => {
    const head = { stationId: 'ST-1', treeSize: 10, rootHash: 'c'.repeat(64), acceptedAt: '2026-03-02T01:00:00.000Z' };
    const sig = countersign(key, head);
    expect(verifyCountersignature(pub, head, sig)).toBe(true);
    expect(verifyCountersignature(pub, { ...head, treeSize: 11 }, sig)).toBe(false);
    expect(verifyCountersignature(pub, { ...head, stationId: 'ST-2' }, sig)).toBe(false);
  });
});
