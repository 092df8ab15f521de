/**
 * MQTT ingest of environmental readings at the hub (issue 13 item 1; docs/environment.md).
 * Subscribes `<root>/+/+` at QoS 1 under a persistent session (clean: false, a fixed client id),
 * so the broker keeps what arrives while the hub is cut off and delivers it on reconnect.
 * A message is acknowledged (PUBACK) only after it is stored: `handleMessage` is mqtt.js's hook
 * that runs before the acknowledgement and one message at a time, in order. If storing fails,
 * the message is not acknowledged and the connection is dropped, so the broker sends it again.
 * Retained values re-delivered at subscribe are repeats and are kept once.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parseReading, topicParts, TOPIC_ROOT } from '../../src-shared/environment/environment-reading.ts';
import type { EnvironmentService } from './environment-service.ts';
import { ReadingSink, type IngestCounters } from './reading-sink.ts';

export interface MqttIngestOptions {
  url: string;
  /** The persistent session's id: the same id after a restart collects what was queued. */
  clientId: string;
  root?: string;
  reconnectPeriodMs?: number;
}

export interface MqttIngest {
  counters: IngestCounters;
  client: MqttClient;
  close(): Promise<void>;
}

export async function startMqttIngest(service: EnvironmentService, options: MqttIngestOptions): Promise<MqttIngest> {
  const root = options.root ?? TOPIC_ROOT;
  const sink = new ReadingSink(service, `mqtt:${options.clientId}`);
  const client = mqtt.connect(options.url, { clientId: options.clientId, clean: false, reconnectPeriod: options.reconnectPeriodMs ?? 1000, protocolVersion: 4 });
  client.handleMessage = (packet, done) => {
    const text = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
    const topic = topicParts(packet.topic, root);
    const parsed = topic ? parseReading(text, topic) : null;
    const work = parsed?.ok ? sink.accept(parsed.value) : sink.refuse(packet.topic, text, parsed && !parsed.ok ? parsed.error : { code: 'ENV_READING_INVALID', message: `topic ${packet.topic} is not ${root}/<room>/<quantity>`, details: { reason: 'topic-mismatch', field: 'topic' } });
    work.then(
      () => done(),
      (e: unknown) => {
        sink.counters.failed++;
        done(e instanceof Error ? e : new Error(String(e)));
      },
    );
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
    client,
    close: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}
