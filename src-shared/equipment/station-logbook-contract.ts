/**
 * Equipment logbook entries made at the station (issue 13 item 4): a cleaning (start and end, the
 * cleaning agent, the level, who did it, who verified it), a preventive maintenance or a breakdown,
 * each a signed electronic record in the station's ledger (`equipment.logbook_recorded`, signed
 * "performed" by the person who did it; a cleaning may be co-signed "verified" by a second person).
 * The hub's equipment logbook projects it and writes the equipment's new state into the master
 * data, which every station pulls (src-core/equipment/equipment-logbook.ts).
 */
import { z } from 'zod';
import { CleaningLevel } from '../master-data/process-equipment.ts';
import { Code, UtcTimeString } from '../master-data/common.ts';

export const STATION_LOGBOOK_KINDS = ['cleaning', 'maintenance', 'breakdown'] as const;
export const StationLogbookKind = z.enum(STATION_LOGBOOK_KINDS);
export type StationLogbookKind = z.infer<typeof StationLogbookKind>;

const note = z.string().trim().min(1).max(2000);

/** What the ledger entry carries (no password, no signer: the signatures are their own entries). */
export const StationLogbookPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ equipmentId: Code, kind: z.literal('cleaning'), level: CleaningLevel, startedAt: UtcTimeString, endedAt: UtcTimeString, agent: z.string().trim().min(1).max(200), note }),
  z.object({ equipmentId: Code, kind: z.literal('maintenance'), at: UtcTimeString, nextDueAt: UtcTimeString.optional(), note }),
  z.object({ equipmentId: Code, kind: z.literal('breakdown'), at: UtcTimeString, note }),
]);
export type StationLogbookPayload = z.infer<typeof StationLogbookPayloadSchema>;

const signer = { password: z.string().min(1).max(200), username: z.string().trim().min(1).max(64).optional(), otp: z.string().trim().regex(/^\d{6}$/).optional() };
const verifier = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200), otp: z.string().trim().regex(/^\d{6}$/).optional() }).strict();

/** The request from the station UI: the facts, the performer's signature and, for a cleaning, the verifier's. */
export const RecordStationLogbookSchema = z.discriminatedUnion('kind', [
  z.object({ equipmentId: Code, kind: z.literal('cleaning'), level: CleaningLevel, startedAt: UtcTimeString, endedAt: UtcTimeString.optional(), agent: z.string().trim().min(1).max(200), note, ...signer, verifier: verifier.optional() }).strict(),
  z.object({ equipmentId: Code, kind: z.literal('maintenance'), at: UtcTimeString.optional(), nextDueAt: UtcTimeString.optional(), note, ...signer }).strict(),
  z.object({ equipmentId: Code, kind: z.literal('breakdown'), at: UtcTimeString.optional(), note, ...signer }).strict(),
]);
export type RecordStationLogbook = z.infer<typeof RecordStationLogbookSchema>;

/** A station logbook entry as the station shows it. */
export interface StationLogbookView {
  seq: number;
  equipmentId: string;
  kind: StationLogbookKind;
  at: string;
  by: string | null;
  verifiedBy: string | null;
  payload: StationLogbookPayload;
}

/** The time an entry takes effect: a cleaning's end, else its own time. */
export const stationLogbookAt = (p: StationLogbookPayload): string => (p.kind === 'cleaning' ? p.endedAt : p.at);
