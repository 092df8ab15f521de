/**
 * MQTT ingest of environmental readings at the hub (issue 13 item 1; docs/environment.md).
 * Subscribes `<root>/+/+` at QoS 1 under a persistent session (clean: false, a fixed client id),
 * so the broker keeps what arrives while the hub is cut off and delivers it on reconnect.
 *
 * Batches (issue 13 item 6): one transaction per reading held the ingest at ~3 % of what the
 * broker delivers. Messages are gathered while the previous batch commits (or for `windowMs`
 * when idle, at most `maxBatch`) and stored in ONE transaction, in arrival order, through the
 * same store-once and state-machine path (EnvironmentService.ingestMany). "No reading lost"
 * holds as before: a message is acknowledged (PUBACK) only after the transaction holding it
 * committed. mqtt.js sends the PUBACK when `handleMessage` calls back without an error and
 * only then handles the next packet; calling back WITH an error skips the PUBACK and moves on
 * (handlers/publish.js), which is how a message is held here; its PUBACK is sent after the
 * commit, on the same connection only (a PUBACK is per connection: after a reconnect the
 * broker sends the unacknowledged message again, and storing it again is a no-op). The broker
 * limits how many it sends unacknowledged (Mosquitto: max_inflight_messages, 20 by default),
 * which bounds a batch from above. If storing fails, nothing of the batch is acknowledged and
 * the connection is dropped, so the broker sends all of it again.
 * Retained values re-delivered at subscribe are repeats and are kept once.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parseReading, topicParts, TOPIC_ROOT, type EnvironmentReading } from '../../src-shared/environment/environment-reading.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { EnvironmentService } from './environment-service.ts';
import { ReadingSink, type IngestCounters } from './reading-sink.ts';

export interface MqttIngestOptions {
  url: string;
  /** The persistent session's id: the same id after a restart collects what was queued. */
  clientId: string;
  root?: string;
  reconnectPeriodMs?: number;
  /** Most messages in one transaction (default 500). */
  maxBatch?: number;
  /** How long an idle ingest waits for more before storing what it has (default 2 ms). */
  windowMs?: number;
}

export interface MqttIngest {
  counters: IngestCounters;
  /** Transactions committed and the largest batch so far (the bench reports them). */
  batches: { committed: number; largest: number; storingMs: number };
  client: MqttClient;
  close(): Promise<void>;
}

type Held = { messageId: number | undefined; connection: number } & ({ reading: EnvironmentReading } | { topic: string; text: string; error: BatchlineError });

/** Not a failure: the message is held, its PUBACK is sent after the commit. */
class HeldForBatch extends Error {}

export async function startMqttIngest(service: EnvironmentService, options: MqttIngestOptions): Promise<MqttIngest> {
  const root = options.root ?? TOPIC_ROOT;
  const maxBatch = options.maxBatch ?? 500;
  const windowMs = options.windowMs ?? 2;
  const sink = new ReadingSink(service, `mqtt:${options.clientId}`);
  const client = mqtt.connect(options.url, { clientId: options.clientId, clean: false, reconnectPeriod: options.reconnectPeriodMs ?? 1000, protocolVersion: 4 });
  const batches = { committed: 0, largest: 0, storingMs: 0 };
  let connection = 0;
  client.on('connect', () => connection++);
  let pending: Held[] = [];
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const puback = (h: Held) => {
    if (h.messageId === undefined || h.connection !== connection || !client.connected) return;
    // mqtt.js keeps its packet writer private; this is the call its own QoS 1 handler makes.
    (client as unknown as { _sendPacket(p: { cmd: 'puback'; messageId: number }, cb: () => void): void })._sendPacket({ cmd: 'puback', messageId: h.messageId }, () => undefined);
  };

  const store = async (batch: Held[]): Promise<void> => {
    const readings = batch.flatMap((h) => ('reading' in h ? [h.reading] : []));
    const started = performance.now();
    try {
      if (readings.length > 0) await sink.acceptMany(readings);
      for (const h of batch) if (!('reading' in h)) await sink.refuse(h.topic, h.text, h.error);
    } catch {
      sink.counters.failed += batch.length;
      // Nothing acknowledged: a new connection makes the broker send the whole batch again.
      client.stream?.destroy();
      return;
    }
    batches.storingMs += performance.now() - started;
    batches.committed++;
    batches.largest = Math.max(batches.largest, batch.length);
    for (const h of batch) puback(h);
  };

  const flush = (): void => {
    timer = null;
    if (flushing || pending.length === 0) return;
    const batch = pending.slice(0, maxBatch);
    pending = pending.slice(batch.length);
    flushing = store(batch).finally(() => {
      flushing = null;
      // What arrived while this batch committed is the next batch, at once.
      if (pending.length > 0) flush();
    });
  };

  client.handleMessage = (packet, done) => {
    const text = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
    const topic = topicParts(packet.topic, root);
    const parsed = topic ? parseReading(text, topic) : null;
    const base = { messageId: packet.qos > 0 ? packet.messageId : undefined, connection };
    pending.push(
      parsed?.ok
        ? { ...base, reading: parsed.value }
        : { ...base, topic: packet.topic, text, error: parsed && !parsed.ok ? parsed.error : { code: 'ENV_READING_INVALID', message: `topic ${packet.topic} is not ${root}/<room>/<quantity>`, details: { reason: 'topic-mismatch', field: 'topic' } } },
    );
    if (pending.length >= maxBatch) flush();
    else if (!flushing && !timer) timer = setTimeout(flush, windowMs);
    done(new HeldForBatch());
  };
  await new Promise<void>((resolve, reject) => {
    client.once('connect', (ack) => {
      // A resumed session keeps its subscription; subscribing again is harmless and covers a new one.
      if (ack.sessionPresent) return resolve();
      client.subscribe(`${root}/+/+`, { qos: 1 }, (e) => (e ? reject(e) : resolve()));
    });
    client.once('error', reject);
  });
  return {
    counters: sink.counters,
    batches,
    client,
    async close() {
      if (timer) clearTimeout(timer);
      flush();
      while (flushing) await flushing;
      await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}
