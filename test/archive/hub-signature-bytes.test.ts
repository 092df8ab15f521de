/**
 * The packet verifier rebuilds the bytes of a hub signature in the core (it cannot import the
 * hub); this holds them byte for byte to what the hub signs, so a packet's QA review and QP
 * release keep verifying offline (A11-27).
 */
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { hubSignatureBytes, verifyHubSignedFields } from '../../src-core/archive/hub-signature-bytes.ts';
import { hubSignedBytes, signHubFields, type HubSignatureFields } from '../../src-server/quality/signing/hub-signature.ts';

const fields: HubSignatureFields = {
  subjectKind: 'batch',
  batchNumber: 'B-1',
  subjectKey: 'B-1',
  subjectHash: 'a'.repeat(64),
  meaning: 'released',
  signerId: 'hub-user-1',
  username: 'qp.hub',
  printedName: 'Dr. Petra Qualified',
  signedAt: '2026-03-02T01:00:00.000Z',
  tzOffset: '+08:00',
  comment: '放行 — released',
};

describe('hub signature bytes in the packet verifier', () => {
  it('A11-27 are the bytes the hub signs, and a hub signature verifies with them', () => {
    expect(hubSignatureBytes(fields).equals(hubSignedBytes(fields))).toBe(true);
    expect(hubSignatureBytes({ ...fields, subjectKind: 'deviation', subjectKey: 'ST-1#9', comment: null }).equals(hubSignedBytes({ ...fields, subjectKind: 'deviation', subjectKey: 'ST-1#9', comment: null }))).toBe(true);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sig = signHubFields(privateKey, fields);
    expect(verifyHubSignedFields(publicKey, fields, sig)).toBe(true);
    expect(verifyHubSignedFields(publicKey, { ...fields, batchNumber: 'B-2', subjectKey: 'B-2' }, sig)).toBe(false);
  });
});
