/**
 * Sync on the station (issue #6 item 5): rounds of "finish enrolment if approved, pull master
 * data, push the ledger, fetch the hub CA's revocation list and certificates", run in the background whenever the hub is reachable, and on demand
 * (`batchline sync --once`). It never blocks an operator: every wait is network I/O on the
 * event loop, and its database work is short reads and single appends, like any other
 * station write. Offline is normal: a failed round is retried with growing back-off and the
 * station keeps working; refusals (revoked, quarantined, a tampered ledger) are shown, not
 * hidden, and retried slowly in case IT resolves them at the hub.
 *
 * The UI reads `status()` (src-shared/sync/sync-status.ts) or subscribes with `onStatus`.
 */
import type { KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import type { SyncStatus } from '../../src-shared/sync/sync-status.ts';
import type { Station } from '../compose.ts';
import { unwrapPrivateKey } from '../../src-core/pki/signing-keys.ts';
import { readKey } from '../db/keystore-repo.ts';
import { HubClient, type HubClientOptions } from './hub-client.ts';
import type { HubTransport } from './hub-transport.ts';
import { completeEnrolment } from './station-enrolment.ts';
import { pushLedger, type PushOutcome } from './ledger-pusher.ts';
import { pullRevocations } from './revocation-puller.ts';
import { noteRevocationListVerified } from '../db/revocation-check-repo.ts';
import { pullEnvironment } from './environment-puller.ts';
import { pullAlarmAcknowledgements } from './alarm-acknowledgement-puller.ts';
import { certifySigners } from './signer-certification.ts';
import { pullMasterData, type MasterDataSink } from './master-data-puller.ts';
import { readSyncRecord } from './sync-record.ts';

export interface SyncServiceDeps {
  station: Station;
  stationSecret: string;
  transport: HubTransport;
  /** The engine's master data; without it the station only pushes. */
  masterData?: MasterDataSink;
  pageSize?: number;
  pullPageSize?: number;
  intervalMs?: number;
  maxBackoffMs?: number;
  contactRecordEveryMs?: number;
  timeoutMs?: number;
}

export interface SyncRound {
  pushed: number;
  pulled: number;
  enrolledNow: boolean;
  hubAckSeq: number;
}

/** Failures that mean "try again later", as opposed to a refusal someone must look at. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['HUB_UNREACHABLE', 'HUB_RESPONSE_INVALID', 'HUB_ERROR', 'REQUEST_REPLAYED', 'IO_ERROR']);

export function isTransient(code: ErrorCode): boolean {
  return TRANSIENT.has(code);
}

export class SyncService {
  private current: SyncStatus;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private running: Promise<Result<SyncRound>> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;
  /** The most the hub has acknowledged to this process; never lowered by a hub that forgot. */
  private highestAck = 0;
  private credentials: { fingerprint: string; key: KeyObject } | null = null;

  constructor(private readonly deps: SyncServiceDeps) {
    const record = readSyncRecord(deps.station.ledger);
    const head = deps.station.ledger.head()?.seq ?? 0;
    this.current = {
      phase: record.enrolled ? 'idle' : record.requested ? 'enrolment-pending' : 'standalone',
      hubUrl: record.enrolled?.hubUrl ?? record.requested?.hubUrl ?? null,
      localHeadSeq: head,
      hubAckSeq: 0,
      pendingEntries: head,
      countersignedSize: record.countersignedSize,
      lastPushAt: null,
      lastPullAt: null,
      masterDataServedAt: deps.masterData?.position()?.servedAt ?? null,
      pushedTotal: 0,
      pulledTotal: 0,
      lastError: null,
      notice: null,
      nextAttemptAt: null,
      time: deps.station.timeTrust.state(),
    };
  }

  status(): SyncStatus {
    return { ...this.current };
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One full round; concurrent callers share the round in progress. */
  runOnce(): Promise<Result<SyncRound>> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.update({ nextAttemptAt: new Date(this.deps.station.clock.now().getTime() + delayMs).toISOString() });
    this.timer = setTimeout(() => {
      void this.runOnce().then((r) => {
        const interval = this.deps.intervalMs ?? 30_000;
        const max = this.deps.maxBackoffMs ?? 5 * 60_000;
        if (r.ok || r.error.code === 'ENROLMENT_PENDING') this.failures = 0;
        else this.failures++;
        const backoff = r.ok ? interval : isTransient(r.error.code) ? Math.min(max, interval * 2 ** Math.min(this.failures, 10)) : max;
        this.schedule(r.ok ? interval : backoff * (0.8 + Math.random() * 0.4));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<Result<SyncRound>> {
    const { station } = this.deps;
    let record = readSyncRecord(station.ledger);
    let enrolledNow = false;
    if (!record.enrolled) {
      if (!record.requested) return this.fail('STATION_NOT_ENROLLED', 'this station is not enrolled at a hub (batchline enrol)', 'standalone');
      const done = await completeEnrolment(station, new HubClient(this.deps.transport, station.clock, null, this.clientOptions()), { stationSecret: this.deps.stationSecret });
      if (!done.ok) return this.fail(done.error.code, done.error.message, done.error.code === 'ENROLMENT_PENDING' ? 'enrolment-pending' : undefined);
      record = readSyncRecord(station.ledger);
      enrolledNow = true;
      this.credentials = null;
    }
    const enrolled = record.enrolled!;
    const creds = this.loadCredentials();
    if (!creds.ok) return this.fail(creds.error.code, creds.error.message);
    const client = new HubClient(
      this.deps.transport,
      station.clock,
      { stationId: station.stationId, certFingerprint: creds.value.fingerprint, privateKey: creds.value.key, hubCertPem: enrolled.hubCertPem },
      this.clientOptions(),
    );

    let pulled = 0;
    if (this.deps.masterData) {
      this.update({ phase: 'pulling', hubUrl: enrolled.hubUrl });
      const pull = await pullMasterData(client, this.deps.masterData, {
        pageSize: this.deps.pullPageSize ?? 500,
        now: station.clock.now(),
        contactRecordEveryMs: this.deps.contactRecordEveryMs ?? 15 * 60_000,
      });
      if (!pull.ok) return this.fail(pull.error.code, pull.error.message);
      pulled = pull.value.pulled;
      this.update({ lastPullAt: station.clock.now().toISOString(), masterDataServedAt: pull.value.servedAt, pulledTotal: this.current.pulledTotal + pulled });
    }

    this.update({ phase: 'pushing', hubUrl: enrolled.hubUrl });
    const pushedBefore = this.current.pushedTotal;
    const pushOnce = (pushedSoFar: number, before?: PushOutcome) =>
      pushLedger(station.ledger, client, {
        // After a first push in this round: from where its last signed answer left the hub (one
        // state call per round), and knowing what it recorded as countersigned already (else the
        // latest countersignature was recorded a second time, and pushed in a page of its own).
        ...(before ? { hubState: { ackSeq: before.hubAckSeq, ackHash: before.hubAckHash } } : {}),
        pageSize: this.deps.pageSize ?? 500,
        hubCertPem: enrolled.hubCertPem,
        countersignedSize: Math.max(record.countersignedSize, this.current.countersignedSize, before?.countersignedSize ?? 0),
        knownAckSeq: this.highestAck,
        readSnapshot: (read) => station.db.sqlite.transaction(read)(),
        onProgress: (x) =>
          this.update({ hubAckSeq: x.hubAckSeq, localHeadSeq: x.localHeadSeq, pendingEntries: Math.max(0, x.localHeadSeq - x.hubAckSeq), pushedTotal: pushedBefore + pushedSoFar + x.pushed }),
      });
    const push = await pushOnce(0);
    // Details carry where a fork starts (seq) and what the hub holds: IT needs them.
    if (!push.ok) return this.fail(push.error.code, push.error.message, undefined, push.error.details);
    let p = push.value;
    this.highestAck = Math.max(this.highestAck, p.hubAckSeq);

    // Only after a push the hub accepted (a forked or restored station records nothing more):
    // the hub CA's revocation list, and hub-CA certificates for the signers its register now
    // holds. What they record is pushed at once, so a round still ends with the hub holding it.
    const revocations = await pullRevocations(station.ledger, client, enrolled.hubCaCertPem, (crlNumber, thisUpdate) => noteRevocationListVerified(station.db.sqlite, { crlNumber, thisUpdate, checkedAt: station.clock.now().toISOString() }));
    if (!revocations.ok) return this.fail(revocations.error.code, revocations.error.message);
    const certified = await certifySigners(station, client, enrolled.hubCaCertPem);
    if (!certified.ok) return this.fail(certified.error.code, certified.error.message);
    const environment = await pullEnvironment(station, client);
    const alarmAcks = await pullAlarmAcknowledgements(station, client);
    if (revocations.value.recorded !== null || certified.value > 0 || environment > 0 || alarmAcks > 0) {
      const again = await pushOnce(p.pushed, p);
      if (!again.ok) return this.fail(again.error.code, again.error.message, undefined, again.error.details);
      p = { ...again.value, pushed: p.pushed + again.value.pushed, hubBehind: p.hubBehind ?? again.value.hubBehind };
      this.highestAck = Math.max(this.highestAck, p.hubAckSeq);
    }

    if (p.hubBehind) {
      const message = `the hub held ${p.hubBehind.hubAckSeq} entries of this station after acknowledging ${p.hubBehind.acknowledgedSeq} (restored from an older backup); the station recorded it and sent them again`;
      this.update({ notice: { code: 'HUB_HISTORY_LOST', message, at: station.clock.now().toISOString() } });
    }
    this.update({
      phase: 'idle',
      hubAckSeq: p.hubAckSeq,
      localHeadSeq: p.localHeadSeq,
      pendingEntries: Math.max(0, p.localHeadSeq - p.hubAckSeq),
      countersignedSize: p.countersignedSize,
      lastPushAt: station.clock.now().toISOString(),
      lastError: null,
    });
    return ok({ pushed: p.pushed, pulled, enrolledNow, hubAckSeq: p.hubAckSeq });
  }

  private clientOptions(): HubClientOptions {
    const { station } = this.deps;
    return {
      ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
      // Trusted time (A11-22): every signed answer of the hub is a clock comparison.
      onHubTime: (hubTime) => {
        const time = station.timeTrust.compare(hubTime);
        if (time.trusted !== this.current.time?.trusted || time.driftSeconds !== this.current.time?.driftSeconds) this.update({ time });
      },
    };
  }

  private loadCredentials(): Result<{ fingerprint: string; key: KeyObject }> {
    const stored = readKey(this.deps.station.db.sqlite, 'station');
    const fingerprint = this.deps.station.db.sqlite.prepare('select station_cert_fingerprint as f from station where id = 1').get() as { f: string | null } | undefined;
    if (!stored || !fingerprint?.f) return err('NOT_FOUND', 'the station key or certificate is missing');
    if (this.credentials?.fingerprint === fingerprint.f) return ok(this.credentials);
    const key = unwrapPrivateKey(stored.wrapped, this.deps.stationSecret);
    if (!key.ok) return err('SIGNATURE_PASSWORD_INVALID', 'the station secret does not open the station key');
    this.credentials = { fingerprint: fingerprint.f, key: key.value };
    return ok(this.credentials);
  }

  private fail(code: ErrorCode, message: string, phase?: SyncStatus['phase'], details?: Record<string, unknown>): Result<never> {
    const head = this.deps.station.ledger.head()?.seq ?? 0;
    this.update({
      phase: phase ?? (isTransient(code) ? 'offline' : 'refused'),
      localHeadSeq: head,
      pendingEntries: Math.max(0, head - this.current.hubAckSeq),
      lastError: { code, message, at: this.deps.station.clock.now().toISOString() },
    });
    return err(code, message, details);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.status());
  }
}
