/**
 * Alarms at the station (issue 13 item 5): the list the banner and the alarm screen show (works
 * with no hub), and the acknowledgement by the signed-in supervisor or QA person with a comment.
 */
import { z } from 'zod';
import { AlarmComment, AlarmId, StationAlarmViewSchema } from '../alarm/alarm-contract.ts';
import { endpoint } from './contract.ts';

const READERS = ['operator', 'supervisor', 'qa', 'qp'] as const;

export const alarmContract = {
  'alarms.list': endpoint(READERS, z.object({ open: z.boolean().default(false) }).strict(), z.array(StationAlarmViewSchema)),
  'alarms.acknowledge': endpoint(['supervisor', 'qa'], z.object({ alarmId: AlarmId, comment: AlarmComment }).strict(), StationAlarmViewSchema),
};
