/**
 * The station's typed client of the hub API (src-shared/sync/sync-protocol.ts). Station calls
 * are signed with the station key and their answers must carry a valid hub signature over
 * (our method, path, nonce, status, body hash) by the hub certificate pinned at enrolment
 * (src-core/sync/request-signature.ts); every answer is parsed with its zod schema before
 * anything believes it. Refusals come back as the hub's typed code.
 */
import { RoomStatesSchema, type RoomStates } from '../../src-shared/environment/environment-contract.ts';
import { AlarmAcknowledgementsSchema, type AlarmAcknowledgements, type AlarmAcknowledgementsQuery } from '../../src-shared/alarm/alarm-contract.ts';

import { X509Certificate, randomBytes, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { ErrorCode } from '../../src-shared/errors.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import {
  API_PREFIX,
  EnrolmentStatusSchema,
  ErrorBodySchema,
  HashesResultSchema,
  MasterDataFeedSchema,
  PushResultSchema,
  RevocationListBodySchema,
  CertifiedSignerSchema,
  CertifiedSignersSchema,
  SyncStateSchema,
  type EnrolmentRequestBody,
  type EnrolmentStatus,
  type HashesResult,
  type MasterDataFeed,
  type PushBody,
  type PushResult,
  type RevocationListBody,
  type CertifiedSigner,
  type CertifiedSigners,
  type SyncState,
} from '../../src-shared/sync/sync-protocol.ts';
import type { Clock } from '../../src-core/clock.ts';
import { SYNC_HEADERS, sha256Hex, signRequest, verifyResponseSignature } from '../../src-core/sync/request-signature.ts';
import { httpTransport, type HttpTransportOptions, type HubResponse, type HubTransport } from './hub-transport.ts';

/**
 * A push page's request bytes: the entries' bytes as SQLite gave them and the small rest around
 * them, put together once (FR-150: the page used to become one concatenated JavaScript string,
 * ~0.3 MB of two-byte text, encoded again to UTF-8). The same bytes as
 * `{"entries":<entries>,"checkpoints":<JSON of checkpoints>,"atHead":<atHead>}`.
 */
export function pushBodyBytes(page: { entriesJson: Buffer; checkpoints: PushBody['checkpoints']; atHead: boolean }): Buffer {
  const tail = Buffer.from(`,"checkpoints":${JSON.stringify(page.checkpoints)},"atHead":${page.atHead ? 'true' : 'false'}}`, 'utf8');
  return Buffer.concat([ENTRIES_OPEN, page.entriesJson, tail], ENTRIES_OPEN.length + page.entriesJson.length + tail.length);
}
const ENTRIES_OPEN = Buffer.from('{"entries":', 'utf8');

/**
 * The connection to the hub a station enrolled at (issue 10 item 8): over HTTPS it trusts the
 * hub's site CA received at enrolment and nothing else (Node's `ca` replaces the system roots),
 * so a certificate from any other CA — a TLS-intercepting proxy's, an attacker's, a public
 * one — is refused before a byte is sent. Before enrolment there is no CA to pin: the station
 * then relies on the system roots and on the CA fingerprint IT compares (batchline enrol
 * --ca-fingerprint).
 */
export function pinnedHubTransport(baseUrl: string, hubCaCertPem: string | null, options: Omit<HttpTransportOptions, 'ca'> = {}): HubTransport {
  return httpTransport(baseUrl, { ...options, ...(hubCaCertPem ? { ca: hubCaCertPem } : {}) });
}

export interface StationCredentials {
  stationId: string;
  certFingerprint: string;
  privateKey: KeyObject;
  /** The hub certificate received at enrolment: answers must be signed by its key. */
  hubCertPem: string;
}

export interface HubClientOptions {
  timeoutMs?: number;
  /**
   * Trusted time (issue 10 item 3): called with the hub's clock from every answer whose hub
   * signature verified — the time is covered by that signature and bound to this request's
   * nonce, so neither a proxy nor a replay can supply it. Unsigned answers (enrolment before a
   * hub certificate is pinned, a proxy's error page) are never believed about time.
   */
  onHubTime?: (hubTime: Date) => void;
}

export class HubClient {
  private readonly timeoutMs: number;
  private readonly onHubTime: ((hubTime: Date) => void) | undefined;
  /** The hub certificate's public key, read once: parsing the PEM cost as much as the check. */

  constructor(
    private readonly transport: HubTransport,
    private readonly clock: Clock,
    private readonly credentials: StationCredentials | null,
    options: HubClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.onHubTime = options.onHubTime;
  }

  get hubUrl(): string {
    return this.transport.baseUrl;
  }

  requestEnrolment(body: EnrolmentRequestBody): Promise<Result<EnrolmentStatus>> {
    return this.plain('POST', `${API_PREFIX}/enrolments`, EnrolmentStatusSchema, body);
  }

  enrolmentStatus(requestId: string): Promise<Result<EnrolmentStatus>> {
    return this.plain('GET', `${API_PREFIX}/enrolments/${encodeURIComponent(requestId)}`, EnrolmentStatusSchema);
  }

  state(): Promise<Result<SyncState>> {
    return this.signed('GET', `${API_PREFIX}/sync/state`, SyncStateSchema);
  }

  /** The hub's hashes of our entries at `seqs` (at most MAX_HASH_SEQS, at or below its acknowledgement). */
  hashes(seqs: number[]): Promise<Result<HashesResult>> {
    return this.signed('GET', `${API_PREFIX}/sync/hashes?seqs=${seqs.join(',')}`, HashesResultSchema);
  }

  push(body: PushBody): Promise<Result<PushResult>> {
    return this.signed('POST', `${API_PREFIX}/sync/push`, PushResultSchema, body);
  }

  /**
   * A push page whose entries are already JSON (LedgerReader.entriesJson: each stored payload's
   * text as it is, not parsed and serialised again); the body is the same PushBody.
   */
  pushJson(page: { entriesJson: Buffer; checkpoints: PushBody['checkpoints']; atHead: boolean }): Promise<Result<PushResult>> {
    return this.signed('POST', `${API_PREFIX}/sync/push`, PushResultSchema, undefined, pushBodyBytes(page));
  }

  /** The hub CA's revocation list; the caller verifies its signature before believing it. */
  revocations(): Promise<Result<RevocationListBody>> {
    return this.signed('GET', `${API_PREFIX}/sync/revocations`, RevocationListBodySchema);
  }

  /** The rooms' environmental state at the hub (issue 13): level, last value, open excursion. */
  environment(rooms: string[]): Promise<Result<RoomStates>> {
    return this.signed('GET', `${API_PREFIX}/sync/environment?rooms=${rooms.map(encodeURIComponent).join(',')}`, RoomStatesSchema);
  }

  /** The console's acknowledgements after a cursor (FR-109), or of the alarms named (issue 13 gap 2; hubs before FR-109). */
  alarmAcknowledgements(query: AlarmAcknowledgementsQuery): Promise<Result<AlarmAcknowledgements>> {
    return this.signed('POST', `${API_PREFIX}/sync/alarm-acknowledgements`, AlarmAcknowledgementsSchema, query);
  }

  /** The hub CA's certificate for the key of a signer our local CA certified. */
  certifySigner(certFingerprint: string): Promise<Result<CertifiedSigner>> {
    return this.signed('POST', `${API_PREFIX}/sync/signer-certificates`, CertifiedSignerSchema, { certFingerprint });
  }

  /**
   * The hub CA's certificates for several signers in one request (FR-120). A hub that does not
   * know the route answers 404 before it authenticates, so unsigned: it comes back as every
   * unsigned answer does (HUB_RESPONSE_INVALID with `{ httpStatus: 404, authenticated: false }`),
   * and the caller asks one by one. Believing it
   * costs nothing: the requests one by one are signed and checked as ever.
   */
  certifySigners(certFingerprints: string[]): Promise<Result<CertifiedSigners>> {
    return this.signed('POST', `${API_PREFIX}/sync/signer-certificates/batch`, CertifiedSignersSchema, { certFingerprints });
  }

  masterData(after: string | null, limit: number): Promise<Result<MasterDataFeed>> {
    const query = after === null ? `?limit=${limit}` : `?after=${encodeURIComponent(after)}&limit=${limit}`;
    return this.signed('GET', `${API_PREFIX}/sync/master-data${query}`, MasterDataFeedSchema);
  }

  /** The current version of named objects (recipes this station refused and now understands). */
  masterDataObjects(kind: 'recipe', keys: readonly string[]): Promise<Result<MasterDataFeed>> {
    return this.signed('GET', `${API_PREFIX}/sync/master-data/objects?kind=${kind}&keys=${keys.map(encodeURIComponent).join(',')}`, MasterDataFeedSchema);
  }

  private async plain<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<Result<z.infer<S>>> {
    const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (bytes) headers['content-type'] = 'application/json';
    const res = await this.transport.request({ method, path, headers, ...(bytes ? { body: bytes } : {}), timeoutMs: this.timeoutMs });
    return res.ok ? interpret(res.value, schema) : res;
  }

  /** `json`: the body already serialised (instead of `body`). */
  private async signed<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, json?: Buffer): Promise<Result<z.infer<S>>> {
    const c = this.credentials;
    if (!c) return err('STATION_NOT_ENROLLED', 'this station is not enrolled at a hub (batchline enrol)');
    const hasBody = body !== undefined || json !== undefined;
    const bytes = json ?? (body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8'));
    const time = this.clock.now().toISOString();
    const nonce = randomBytes(18).toString('base64url');
    const signature = signRequest(c.privateKey, { method, path, bodySha256: sha256Hex(bytes), time, nonce, stationId: c.stationId, certFingerprint: c.certFingerprint });
    const headers: Record<string, string> = {
      accept: 'application/json',
      [SYNC_HEADERS.station]: c.stationId,
      [SYNC_HEADERS.cert]: c.certFingerprint,
      [SYNC_HEADERS.time]: time,
      [SYNC_HEADERS.nonce]: nonce,
      [SYNC_HEADERS.signature]: signature,
    };
    if (hasBody) headers['content-type'] = 'application/json';
    const res = await this.transport.request({ method, path, headers, ...(hasBody ? { body: bytes } : {}), timeoutMs: this.timeoutMs });
    if (!res.ok) return res;
    const hubSignature = res.value.headers[SYNC_HEADERS.hubSignature];
    const hubTime = res.value.headers[SYNC_HEADERS.hubTime];
    const authentic =
      hubSignature !== undefined &&
      hubTime !== undefined &&
      verifyResponseSignature(hubPublicKey(c.hubCertPem), { method, path, nonce, status: res.value.status, bodySha256: sha256Hex(res.value.body), hubTime }, hubSignature);
    if (!authentic) {
      // The hub signs only answers to requests it authenticated (issue 10): "I could not
      // authenticate you" is the one refusal it cannot sign. It is passed on as such, marked
      // unauthenticated; it carries no data and changes nothing at the station.
      const unauthenticated = preAuthenticationRefusal(res.value);
      if (unauthenticated) return unauthenticated;
      // A proxy's error page, or an answer that is not the hub's: never believed. Its status is
      // passed on, marked unauthenticated, for a caller that only chooses what to ask next by it
      // (a hub before FR-109 refuses a cursor in its body validation, before it authenticates).
      return res.value.status >= 500
        ? err('HUB_UNREACHABLE', `the hub is unavailable (HTTP ${res.value.status})`)
        : err('HUB_RESPONSE_INVALID', `the answer (HTTP ${res.value.status}) is not signed by the hub this station enrolled with`, { httpStatus: res.value.status, authenticated: false });
    }
    // Every signed answer carries the hub's clock, refusals included (REQUEST_CLOCK_SKEW is
    // exactly when the station most needs to hear it).
    const at = Date.parse(hubTime);
    if (Number.isFinite(at)) this.onHubTime?.(new Date(at));
    return interpret(res.value, schema);
  }
}

/** Codes the hub answers before (or instead of) verifying a station's signature. */
const PRE_AUTHENTICATION_CODES: ReadonlySet<string> = new Set(['REQUEST_UNSIGNED', 'REQUEST_SIGNATURE_INVALID', 'STATION_NOT_ENROLLED']);

function preAuthenticationRefusal(res: HubResponse): Result<never> | null {
  if (res.status !== 401 && res.status !== 403) return null;
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    return null;
  }
  const e = ErrorBodySchema.safeParse(json);
  const code = e.success ? ErrorCode.safeParse(e.data.error.code) : null;
  if (!e.success || !code?.success || !PRE_AUTHENTICATION_CODES.has(code.data)) return null;
  return err(code.data, `${e.data.error.message} (unsigned: the hub could not authenticate this station)`, { httpStatus: res.status, authenticated: false });
}

function interpret<S extends z.ZodType>(res: HubResponse, schema: S): Result<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    return res.status >= 500 ? err('HUB_UNREACHABLE', `the hub is unavailable (HTTP ${res.status})`) : err('HUB_RESPONSE_INVALID', `the hub answered HTTP ${res.status} without JSON`);
  }
  if (res.status >= 200 && res.status < 300) {
    const parsed = schema.safeParse(json);
    return parsed.success ? ok(parsed.data) : err('HUB_RESPONSE_INVALID', `unexpected answer from the hub: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const e = ErrorBodySchema.safeParse(json);
  if (!e.success) return err(res.status >= 500 ? 'HUB_UNREACHABLE' : 'HUB_ERROR', `the hub answered HTTP ${res.status}`);
  const code = ErrorCode.safeParse(e.data.error.code);
  return err(code.success ? code.data : 'HUB_ERROR', e.data.error.message, { ...(e.data.error.details ?? {}), httpStatus: res.status, ...(code.success ? {} : { hubCode: e.data.error.code }) });
}

/**
 * The hub certificate's public key, parsed once per certificate (answers and countersignatures
 * are verified against it many times a round); a PEM that does not parse stays a PEM, and
 * verifies nothing. Keyed by the PEM: a reissued hub certificate is parsed anew.
 */
const hubKeys = new Map<string, KeyObject | string>();
export function hubPublicKey(hubCertPem: string): KeyObject | string {
  let key = hubKeys.get(hubCertPem);
  if (key === undefined) {
    try {
      key = new X509Certificate(hubCertPem).publicKey;
    } catch {
      key = hubCertPem;
    }
    if (hubKeys.size >= 8) hubKeys.clear();
    hubKeys.set(hubCertPem, key);
  }
  return key;
}
