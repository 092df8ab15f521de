/**
 * One environmental reading as it travels from a sensor gateway to the hub and the stations
 * (issue 13 item 1; docs/environment.md states the wire format):
 *
 *   MQTT topic   batchline/env/<room>/<quantity>   (QoS 1; retained = the last value)
 *   payload      {"room":"B1.04","quantity":"temperature","value":21.4,"unit":"°C",
 *                 "time":"2026-12-05T08:00:00.000Z"}
 *
 * OPC UA carries the same fields: one variable per room and quantity whose value is the number
 * and whose source timestamp is the time (src-server/environment/opcua-ingest.ts). Anything that
 * does not parse is refused with ENV_READING_INVALID and a `reason`; it never reaches a state
 * machine and never stops the ingest.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';

export const QUANTITIES = ['temperature', 'humidity', 'differential-pressure', 'particles-0.5um', 'particles-5um'] as const;
export const Quantity = z.enum(QUANTITIES);
export type Quantity = z.infer<typeof Quantity>;

/** The one unit each quantity is measured in: a reading in another unit is refused, never converted. */
export const QUANTITY_UNITS: Record<Quantity, string> = {
  temperature: '°C',
  humidity: '%RH',
  'differential-pressure': 'Pa',
  'particles-0.5um': 'count/m3',
  'particles-5um': 'count/m3',
};

export const RoomId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
const UtcMillis = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'a UTC time like 2026-01-31T08:00:00.000Z');

export const EnvironmentReadingSchema = z.object({
  room: RoomId,
  quantity: Quantity,
  value: z.number().finite(),
  unit: z.string().min(1).max(20),
  time: UtcMillis,
});
export type EnvironmentReading = z.infer<typeof EnvironmentReadingSchema>;

export const TOPIC_ROOT = 'batchline/env';
export const readingTopic = (room: string, quantity: Quantity, root = TOPIC_ROOT): string => `${root}/${room}/${quantity}`;

/** Why a reading was refused; `bad-status` is OPC UA's (a value whose status is not Good). */
export type ReadingRefusal = 'not-json' | 'invalid-field' | 'unit-mismatch' | 'topic-mismatch' | 'bad-status';

/**
 * Parses one payload (and, over MQTT, checks it against its topic). The time is normalised to
 * milliseconds so that the same reading delivered twice compares equal.
 */
export function parseReading(payload: string | Uint8Array, topic?: { room: string; quantity: string }): Result<EnvironmentReading> {
  const text = typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: false }).decode(payload);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse('not-json', 'the payload is not JSON');
  }
  const parsed = EnvironmentReadingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse('invalid-field', `${issue.path.join('.') || '(root)'}: ${issue.message}`, issue.path.join('.') || null);
  }
  const r = parsed.data;
  if (r.unit !== QUANTITY_UNITS[r.quantity]) return refuse('unit-mismatch', `${r.quantity} is read in ${QUANTITY_UNITS[r.quantity]}, not ${r.unit}`, 'unit');
  if (topic && (topic.room !== r.room || topic.quantity !== r.quantity)) return refuse('topic-mismatch', `the topic names ${topic.room}/${topic.quantity}, the payload ${r.room}/${r.quantity}`, 'room');
  return ok({ ...r, time: new Date(r.time).toISOString() });
}

/** Room and quantity named by a topic `<root>/<room>/<quantity>`, or null for another topic. */
export function topicParts(topic: string, root = TOPIC_ROOT): { room: string; quantity: string } | null {
  if (!topic.startsWith(`${root}/`)) return null;
  const rest = topic.slice(root.length + 1).split('/');
  return rest.length === 2 ? { room: rest[0]!, quantity: rest[1]! } : null;
}

function refuse(reason: ReadingRefusal, message: string, field: string | null = null): Result<never> {
  return err('ENV_READING_INVALID', message, { reason, field });
}
