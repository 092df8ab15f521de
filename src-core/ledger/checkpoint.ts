/**
 * Station checkpoints: a signed tree head over entries 1..treeSize. The signature is over the
 * canonical JSON of the head with a purpose tag, so it cannot be mistaken for a record
 * signature made by the same machinery.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';
import type { Checkpoint } from '../../src-shared/ledger/ledger-entry.ts';
import { canonicalJson } from './canonical-json.ts';

export interface CheckpointSigner {
  stationId: string;
  certFingerprint: string;
  sign(data: Buffer): string;
}

export function checkpointBytes(c: Pick<Checkpoint, 'stationId' | 'treeSize' | 'rootHash' | 'signedAt'>): Buffer {
  return Buffer.from(
    canonicalJson({ purpose: 'batchline.checkpoint.v1', stationId: c.stationId, treeSize: c.treeSize, rootHash: c.rootHash, signedAt: c.signedAt }),
    'utf8',
  );
}

export function rsaSigner(stationId: string, certFingerprint: string, key: KeyObject): CheckpointSigner {
  return {
    stationId,
    certFingerprint,
    sign: (data) => createSign('sha256').update(data).sign(key, 'base64'),
  };
}

export function verifyCheckpointSignature(c: Checkpoint, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('sha256').update(checkpointBytes(c)).verify(publicKey, c.signature, 'base64');
  } catch {
    return false;
  }
}
