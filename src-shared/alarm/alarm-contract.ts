/**
 * Alarms (issue 13 item 5; EU GMP Annex 11, 2025 draft, the alarms chapter): what a station
 * raises, its acknowledgement by a named person with a comment, its clearing when the condition
 * is gone, and the views station and hub give of it. The lifecycle rules are in
 * src-core/alarm/alarm-model.ts; the words of a message key are the UI's (en + zh-CN), so a
 * recorded alarm reads in the reader's language.
 */
import { z } from 'zod';

export const ALARM_SOURCES = ['environment', 'ipqc', 'equipment', 'security'] as const;
export type AlarmSource = (typeof ALARM_SOURCES)[number];
export const ALARM_SEVERITIES = ['warning', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
/** What the UI words: each key has its text in both languages, filled from `params`. */
export const ALARM_MESSAGE_KEYS = ['environment-action', 'ipqc-oos', 'ipqc-oot', 'revocation-list-stale', 'balance-lost'] as const;
export type AlarmMessageKey = (typeof ALARM_MESSAGE_KEYS)[number];
/**
 * active: the condition is there, nobody has acknowledged; acknowledged: someone has, the
 * condition is still there; cleared-unacknowledged: the condition is gone but nobody has
 * acknowledged (it stays on the list until someone does); closed: both.
 */
export const ALARM_STATES = ['active', 'acknowledged', 'cleared-unacknowledged', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const AlarmId = z.string().trim().min(1).max(200);
export const AlarmComment = z.string().trim().min(1, 'a comment is required').max(500);

export const AlarmRaisedSchema = z.object({
  alarmId: AlarmId,
  source: z.enum(ALARM_SOURCES),
  /** What happened, in the source's terms (e.g. `action-excursion`, `oos`). */
  kind: z.string().min(1).max(64),
  severity: z.enum(ALARM_SEVERITIES),
  /** What it is about: a room, a batch's check, a balance. */
  subject: z.string().min(1).max(200),
  messageKey: z.enum(ALARM_MESSAGE_KEYS),
  params: z.record(z.string().max(64), z.string().max(300)),
  /** `state`: cleared when its condition is gone; `event`: a moment (an OOS result), cleared as it is raised. */
  condition: z.enum(['state', 'event']),
});
export type AlarmRaised = z.infer<typeof AlarmRaisedSchema>;

export const AlarmAcknowledgementSchema = z.object({ by: z.string(), at: z.string(), comment: z.string() });

/**
 * The other end's acknowledgement (issue 13 item 5, gap 2): an alarm acknowledged at the station
 * and in the console before either heard of the other keeps both, neither overwrites the first.
 */
export const OtherAcknowledgementSchema = AlarmAcknowledgementSchema.extend({ where: z.enum(['station', 'hub']) });

/**
 * Where a station stands in its console acknowledgements (FR-109): the hub's number of the last
 * one it took (`hubSeq`, per station, in commit order) and which one that was. A hub restored from
 * an older backup numbers other acknowledgements the same: the station notices by the alarm and
 * time not matching (or the number not existing) and asks again from the start, once.
 */
export const AlarmAckCursorSchema = z.object({ hubSeq: z.number().int().positive(), alarmId: AlarmId, at: z.string().min(1).max(40) }).strict();
export type AlarmAckCursor = z.infer<typeof AlarmAckCursorSchema>;
export const ALARM_ACK_PAGE = 500;

/**
 * Hub acknowledgements the station asks for at sync (POST /sync/alarm-acknowledgements): those
 * after its cursor (FR-109; `after: null` = from the start), or, as stations before FR-109 ask,
 * those of the alarms it names.
 */
export const AlarmAcknowledgementsQuerySchema = z.union([
  z.object({ after: AlarmAckCursorSchema.nullable(), limit: z.number().int().min(1).max(ALARM_ACK_PAGE).optional() }).strict(),
  z.object({ alarmIds: z.array(AlarmId).max(500) }).strict(),
]);
export type AlarmAcknowledgementsQuery = z.infer<typeof AlarmAcknowledgementsQuerySchema>;
export const HubAcknowledgementSchema = z.object({ alarmId: AlarmId, by: z.string().min(1).max(200), at: z.string(), comment: AlarmComment, hubSeq: z.number().int().positive().optional() });
export type HubAcknowledgement = z.infer<typeof HubAcknowledgementSchema>;
/** `reset`: the cursor names no acknowledgement the hub holds (restored hub): ask from the start. `more`: a full page, ask on. */
export const AlarmAcknowledgementsSchema = z.object({ acknowledgements: z.array(HubAcknowledgementSchema), more: z.boolean().optional(), reset: z.boolean().optional() });
export type AlarmAcknowledgements = z.infer<typeof AlarmAcknowledgementsSchema>;

/** One alarm as station and hub show it. */
export const AlarmViewSchema = AlarmRaisedSchema.extend({
  raisedAt: z.string(),
  batchNumber: z.string().nullable(),
  clearedAt: z.string().nullable(),
  acknowledgement: AlarmAcknowledgementSchema.nullable(),
  /** Where the first acknowledgement was given (absent on views older than issue 13 gap 2). */
  acknowledgedWhere: z.enum(['station', 'hub']).nullable().optional(),
  /** The other end's acknowledgement, when both ends acknowledged it. */
  otherAcknowledgement: OtherAcknowledgementSchema.nullable().optional(),
  state: z.enum(ALARM_STATES),
});
export type AlarmView = z.infer<typeof AlarmViewSchema>;

/** At the station: `seq` of the raise and whether the hub has it; at the hub: the station and where it was acknowledged. */
export const StationAlarmViewSchema = AlarmViewSchema.extend({ seq: z.number().int(), atHub: z.boolean() });
export type StationAlarmView = z.infer<typeof StationAlarmViewSchema>;

export const HubAlarmSchema = AlarmViewSchema.extend({
  stationId: z.string(),
  seq: z.number().int(),
  receivedAt: z.string(),
  /** The highest escalation level written for it (0: none). */
  escalationLevel: z.number().int(),
});
export type HubAlarm = z.infer<typeof HubAlarmSchema>;

export const AlarmListQuerySchema = z.object({ open: z.enum(['true', 'false']).optional(), station: z.string().min(1).max(100).optional() }).strict();
export const AcknowledgeHubAlarmSchema = z.object({ stationId: z.string().trim().min(1).max(100), alarmId: AlarmId, comment: AlarmComment }).strict();
export type AcknowledgeHubAlarm = z.infer<typeof AcknowledgeHubAlarmSchema>;
