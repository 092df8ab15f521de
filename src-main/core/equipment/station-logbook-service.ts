/**
 * Equipment logbook entries made at the station (issue 13 item 4): a cleaning (start, end, agent,
 * level, by whom, verified by whom), a preventive maintenance or a breakdown, recorded as an
 * `equipment.logbook_recorded` entry and signed "performed" by the signed-in person with their
 * password at that moment (21 CFR 11.200); a cleaning may be co-signed "verified" by a second,
 * different person. The password is checked before anything is appended, so a wrong one records
 * only the failed attempt. Once signed, the entry counts at this station at once (the gate lays
 * it over the master data, equipment-logbook.ts) and reaches the hub's logbook by sync, where it
 * writes the equipment's state for every station.
 */
import { stationLogbookAt, type RecordStationLogbook, type StationLogbookPayload, type StationLogbookView } from '../../../src-shared/equipment/station-logbook-contract.ts';
import { applyStationLogbook } from '../../../src-core/equipment/equipment-logbook.ts';
import { EquipmentSchema } from '../../../src-shared/master-data/process-equipment.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { SignatureService } from '../signatures/signature-service.ts';

const RECORDERS = ['operator', 'supervisor', 'qa'] as const;
const ALL = Number.MAX_SAFE_INTEGER;

export interface StationLogbookDeps {
  ledger: Ledger;
  auth: AuthService;
  signatures: SignatureService;
  users: UserDirectory;
  masterData: MasterDataReader;
  clock: Clock;
}

export interface RecordedLogbookEntry {
  entry: StationLogbookView;
  /** The verifier's refusal, when a verification was asked and failed (the entry stands, performed). */
  verification: BatchlineError | null;
}

export class StationEquipmentLogbook {
  constructor(private readonly deps: StationLogbookDeps) {}

  record(sessionId: string, input: RecordStationLogbook): Result<RecordedLogbookEntry> {
    const active = this.deps.auth.require(sessionId, RECORDERS);
    if (!active.ok) return active;
    const user = active.value.user;
    const stored = this.deps.masterData.get('equipment', input.equipmentId);
    const equipment = stored ? EquipmentSchema.safeParse(stored.data) : null;
    if (!equipment?.success) return err('EQUIPMENT_UNKNOWN', `equipment ${input.equipmentId} is not in the station's master data`, { equipmentId: input.equipmentId });
    const payload = this.payloadOf(input);
    if (!payload.ok) return payload;
    // What the hub will do with it must be possible (a maintenance without a next date needs a plan interval).
    const applied = applyStationLogbook(equipment.data, payload.value, null);
    if (!applied.ok) return applied;
    // The performer's password first: a wrong one appends nothing but the failed attempt.
    const checked = this.deps.auth.checkPassword(user, input.password, 'SIGNATURE_PASSWORD_INVALID', { attempt: 'signature', sessionId, meaning: 'performed', sessionUserId: user.userId });
    if (!checked.ok) return checked;
    const appended = this.deps.ledger.append([{ type: 'equipment.logbook_recorded', actor: user.userId, batchRef: null, payload: payload.value as unknown as Record<string, unknown> }]);
    if (!appended.ok) return appended;
    const seq = appended.value[0]!.seq;
    const performed = this.deps.signatures.sign({ sessionId, targetSeq: seq, meaning: 'performed', password: input.password, username: user.username, ...(input.otp ? { otp: input.otp } : {}) });
    if (!performed.ok) return err(performed.error.code, `${performed.error.message} (logbook entry ${seq} stays unsigned and does not count)`, { ...performed.error.details, seq });
    let verification: BatchlineError | null = null;
    if (input.kind === 'cleaning' && input.verifier) {
      const v = input.verifier;
      const verified = this.deps.signatures.sign({ sessionId, targetSeq: seq, meaning: 'verified', password: v.password, username: v.username, ...(v.otp ? { otp: v.otp } : {}) });
      if (!verified.ok) verification = verified.error;
    }
    return ok({ entry: this.list(input.equipmentId).find((e) => e.seq === seq)!, verification });
  }

  /** The station's entries (of one piece of equipment), newest first, with who performed and verified them. */
  list(equipmentId?: string): StationLogbookView[] {
    const entries = this.deps.ledger.query({ types: ['equipment.logbook_recorded'], limit: ALL }).filter((e) => !equipmentId || e.payload.equipmentId === equipmentId);
    if (entries.length === 0) return [];
    const wanted = new Set(entries.map((e) => e.seq));
    const signatures = this.deps.ledger.query({ types: ['signature.applied'], limit: ALL }).filter((s) => wanted.has(s.payload.targetSeq as number));
    const signer = (e: LedgerEntry, meaning: string) => (signatures.find((s) => s.payload.targetSeq === e.seq && s.payload.meaning === meaning)?.payload.printedName as string | undefined) ?? null;
    return entries
      .map((e) => {
        const p = e.payload as unknown as StationLogbookPayload;
        return { seq: e.seq, equipmentId: p.equipmentId, kind: p.kind, at: stationLogbookAt(p), by: signer(e, 'performed'), verifiedBy: signer(e, 'verified'), payload: p };
      })
      .sort((a, b) => b.seq - a.seq);
  }

  private payloadOf(input: RecordStationLogbook): Result<StationLogbookPayload> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const future = (field: string, at: string) => (Date.parse(at) > now.getTime() ? err('INPUT_INVALID', `${field} ${at} lies in the future`, { field }) : null);
    switch (input.kind) {
      case 'cleaning': {
        const endedAt = input.endedAt ?? nowIso;
        const bad = future('startedAt', input.startedAt) ?? future('endedAt', endedAt);
        if (bad) return bad;
        if (Date.parse(endedAt) < Date.parse(input.startedAt)) return err('INPUT_INVALID', `the cleaning ends (${endedAt}) before it starts (${input.startedAt})`, { field: 'endedAt' });
        return ok({ equipmentId: input.equipmentId, kind: 'cleaning', level: input.level, startedAt: input.startedAt, endedAt, agent: input.agent, note: input.note });
      }
      case 'maintenance': {
        const at = input.at ?? nowIso;
        const bad = future('at', at);
        if (bad) return bad;
        if (input.nextDueAt !== undefined && Date.parse(input.nextDueAt) <= Date.parse(at)) return err('INPUT_INVALID', `the next maintenance (${input.nextDueAt}) must be after this one (${at})`, { field: 'nextDueAt' });
        return ok({ equipmentId: input.equipmentId, kind: 'maintenance', at, ...(input.nextDueAt ? { nextDueAt: input.nextDueAt } : {}), note: input.note });
      }
      case 'breakdown': {
        const at = input.at ?? nowIso;
        const bad = future('at', at);
        if (bad) return bad;
        return ok({ equipmentId: input.equipmentId, kind: 'breakdown', at, note: input.note });
      }
    }
  }
}
