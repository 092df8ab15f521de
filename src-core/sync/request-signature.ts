/**
 * How a station proves who is calling the hub, and how the hub proves what it answered: signed
 * requests and signed responses, over HTTPS (plain HTTP only on loopback and in tests).
 *
 * A station request carries its station id, its certificate's fingerprint, a UTC time, a random
 * nonce and an RSASSA-PKCS1-v1_5/SHA-256 signature by the station key over
 *
 *     batchline.request.v1 \n METHOD \n PATH?QUERY \n SHA-256(body) \n time \n nonce \n stationId \n certFingerprint
 *
 * The hub looks the certificate up among those its CA issued (not revoked, the station's
 * current one, station active), verifies the signature, refuses a time more than
 * REQUEST_WINDOW_MS away from its own clock, and stores the nonce until the time leaves that
 * window: a nonce seen before is a replay (the primary key makes this atomic across hub
 * processes; after the window the time check alone refuses the request).
 *
 * Why this is as strong as mutual TLS for what the hub must know — "this request, exactly
 * as received, comes from the holder of station S's enrolled key, now, once":
 *   - authentication: both rest on possession of the same private key, proven by a signature
 *     the hub verifies against the certificate its own CA issued; the key never leaves the
 *     station (wrapped at rest with the station secret);
 *   - integrity and binding: the signature covers method, path, query and a hash of the body,
 *     so no byte of the request can change, and it cannot be replayed to another endpoint;
 *     mTLS binds the channel rather than the message, which is equivalent for a single
 *     request/response exchange;
 *   - freshness and replay: mTLS gets it from the handshake; here the time window plus the
 *     stored nonce refuse any second use, including by a second hub process;
 *   - the answer: the hub signs its response to an authenticated request (one whose station
 *     signature verified) with its hub key over (method, path, request nonce, status,
 *     SHA-256(body)), and the station checks it against the hub certificate pinned at
 *     enrolment, so a countersignature or a master-data batch cannot be forged or swapped for
 *     the answer to another request. The signature also covers the hub's clock at answering
 *     (x-batchline-hub-time): the station's trusted-time check compares against it. The hub signs nothing for an unauthenticated caller: it
 *     would otherwise be an oracle that signs any nonce a man in the middle chooses;
 *   - confidentiality is TLS's job in both designs (server-authenticated HTTPS).
 * And it is stronger in one respect that matters to plant IT: it survives TLS termination at a
 * load balancer or reverse proxy (where client certificates are usually lost), so several hub
 * processes behind one balancer still authenticate each station end to end, and each request
 * is attributable to a station key in the hub's logs.
 */
import { createHash, createSign, createVerify, type KeyObject } from 'node:crypto';

export const REQUEST_PURPOSE = 'batchline.request.v1';
/**
 * v2 added method and path (issue 10): an answer cannot be moved to another endpoint's request.
 * v3 adds the hub's clock at answering (issue 10 item 3): the station compares its own clock
 * with a time the hub signed for THIS request (its nonce), so a proxy can neither fake nor
 * replay it (COMPLIANCE.md A11-22, attack 1).
 */
export const RESPONSE_PURPOSE = 'batchline.response.v3';
/** How far a request's time may be from the hub's clock (either way). */
export const REQUEST_WINDOW_MS = 5 * 60_000;

export const SYNC_HEADERS = {
  station: 'x-batchline-station',
  cert: 'x-batchline-cert',
  time: 'x-batchline-time',
  nonce: 'x-batchline-nonce',
  signature: 'x-batchline-signature',
  hubSignature: 'x-batchline-hub-signature',
  /** The hub's clock when it answered (ISO 8601 UTC), covered by the hub signature. */
  hubTime: 'x-batchline-hub-time',
} as const;

export interface RequestSigningParts {
  method: string;
  /** Path and query exactly as sent ("/api/v1/sync/master-data?after=12"). */
  path: string;
  bodySha256: string;
  time: string;
  nonce: string;
  stationId: string;
  certFingerprint: string;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function requestSigningBytes(p: RequestSigningParts): Buffer {
  return Buffer.from([REQUEST_PURPOSE, p.method.toUpperCase(), p.path, p.bodySha256, p.time, p.nonce, p.stationId, p.certFingerprint].join('\n'), 'utf8');
}

export function signRequest(key: KeyObject, parts: RequestSigningParts): string {
  return createSign('sha256').update(requestSigningBytes(parts)).sign(key, 'base64');
}

export function verifyRequestSignature(publicKey: KeyObject | string, parts: RequestSigningParts, signature: string): boolean {
  return verifyBytes(publicKey, requestSigningBytes(parts), signature);
}

export interface ResponseSigningParts {
  /** Method and path (with query) of the request this answers, as it signed them. */
  method: string;
  path: string;
  /** The nonce of the request this answers. */
  nonce: string;
  status: number;
  bodySha256: string;
  /** The hub's clock when it answered (the x-batchline-hub-time header). */
  hubTime: string;
}

export function responseSigningBytes(p: ResponseSigningParts): Buffer {
  return Buffer.from([RESPONSE_PURPOSE, p.method.toUpperCase(), p.path, p.nonce, String(p.status), p.bodySha256, p.hubTime].join('\n'), 'utf8');
}

export function signResponse(key: KeyObject, parts: ResponseSigningParts): string {
  return createSign('sha256').update(responseSigningBytes(parts)).sign(key, 'base64');
}

export function verifyResponseSignature(publicKey: KeyObject | string, parts: ResponseSigningParts, signature: string): boolean {
  return verifyBytes(publicKey, responseSigningBytes(parts), signature);
}

function verifyBytes(publicKey: KeyObject | string, bytes: Buffer, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return createVerify('sha256').update(bytes).verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}
