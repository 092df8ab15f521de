/**
 * The hub's receipt for a station checkpoint: after verifying every entry up to a station's
 * signed tree head, the hub signs (station, tree size, root, time of acceptance) with its hub
 * key. The station records it (`sync.countersigned`); from then on a history that differs
 * from that head is provably not what the hub accepted — even if it is re-signed with the
 * station's own key, which whoever holds the station machine and its secret could do.
 * Purpose-tagged canonical JSON (RFC 8785), like checkpoints and record signatures, so the
 * bytes cannot be mistaken for either.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

export const COUNTERSIGNATURE_PURPOSE = 'batchline.countersignature.v1';

export interface CountersignedHead {
  stationId: string;
  treeSize: number;
  rootHash: string;
  acceptedAt: string;
}

export function countersignatureBytes(h: CountersignedHead): Buffer {
  return Buffer.from(
    canonicalJson({ purpose: COUNTERSIGNATURE_PURPOSE, stationId: h.stationId, treeSize: h.treeSize, rootHash: h.rootHash, acceptedAt: h.acceptedAt }),
    'utf8',
  );
}

export function countersign(hubKey: KeyObject, h: CountersignedHead): string {
  return createSign('sha256').update(countersignatureBytes(h)).sign(hubKey, 'base64');
}

export function verifyCountersignature(hubPublicKey: KeyObject | string, h: CountersignedHead, signature: string): boolean {
  try {
    return createVerify('sha256').update(countersignatureBytes(h)).verify(hubPublicKey, signature, 'base64');
  } catch {
    return false;
  }
}
