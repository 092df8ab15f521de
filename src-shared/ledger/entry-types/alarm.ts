/**
 * Alarms at the station (issue 13 item 5): raised by the station's own conditions (an action
 * excursion in its room, an IPQC OOS/OOT), acknowledged by a named person with a comment (the
 * entry's actor), cleared when the condition is gone. Ledger entries, so an alarm raised and
 * acknowledged while the hub is unreachable is signed, chained and reaches the hub with the
 * ordinary sync, both facts together. `batchRef` is the batch when the alarm is about one.
 */
import { z } from 'zod';
import { AlarmComment, AlarmId, AlarmRaisedSchema } from '../../alarm/alarm-contract.ts';

export const alarmEntryTypes = {
  'alarm.raised': AlarmRaisedSchema,
  /** `alertId`: the IPQC alert that raised it, acknowledged by the same action (issue 13 gap 3). */
  'alarm.acknowledged': z.object({ alarmId: AlarmId, alarmSeq: z.number().int().positive(), comment: AlarmComment, alertId: z.string().min(1).optional() }),
  'alarm.cleared': z.object({ alarmId: AlarmId, alarmSeq: z.number().int().positive() }),
  /**
   * An acknowledgement given in the hub console, taken down at sync (issue 13 gap 2): who, when
   * (hub time) and the comment, as the hub recorded them. Recorded once per alarm; the station's
   * banner then shows the alarm acknowledged.
   */
  'alarm.acknowledged_at_hub': z.object({ alarmId: AlarmId, alarmSeq: z.number().int().positive(), by: z.string().min(1).max(200), at: z.string(), comment: AlarmComment }),
};
