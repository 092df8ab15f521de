/**
 * The station's own subscription to the plant's MQTT broker (issue 13 item 1): readings of the
 * station's rooms, parsed with the shared contract and handed to a port, so that a station cut
 * off from the hub still blocks work in a room at the action level. Knows topics and payloads,
 * nothing of batches: the port (RoomEnvironment.observe in the station core, wired by the shell)
 * decides. QoS 1 with a persistent session (a fixed client id, clean: false), so what arrives
 * while the station is cut off from the broker comes after the reconnect, in order; the message
 * is acknowledged after the port took it (mqtt.js `handleMessage`).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parseReading, topicParts, TOPIC_ROOT, type EnvironmentReading } from '../../../src-shared/environment/environment-reading.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';

export interface EnvironmentFeedPort {
  reading(r: EnvironmentReading): void;
  refused(topic: string, error: BatchlineError): void;
}

export interface MqttEnvironmentFeedOptions {
  url: string;
  clientId: string;
  rooms: string[];
  root?: string;
  reconnectPeriodMs?: number;
}

export interface MqttEnvironmentFeed {
  client: MqttClient;
  close(): Promise<void>;
}

export async function startMqttEnvironmentFeed(port: EnvironmentFeedPort, options: MqttEnvironmentFeedOptions): Promise<MqttEnvironmentFeed> {
  const root = options.root ?? TOPIC_ROOT;
  const client = mqtt.connect(options.url, { clientId: options.clientId, clean: false, reconnectPeriod: options.reconnectPeriodMs ?? 1000, protocolVersion: 4 });
  client.handleMessage = (packet, done) => {
    const text = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
    const topic = topicParts(packet.topic, root);
    const parsed = topic ? parseReading(text, topic) : null;
    if (parsed?.ok) port.reading(parsed.value);
    else port.refused(packet.topic, parsed && !parsed.ok ? parsed.error : { code: 'ENV_READING_INVALID', message: `topic ${packet.topic} is not ${root}/<room>/<quantity>`, details: { reason: 'topic-mismatch', field: 'topic' } });
    done();
  };
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => client.subscribe(options.rooms.map((r) => `${root}/${r}/+`), { qos: 1 }, (e) => (e ? reject(e) : resolve())));
    client.once('error', reject);
  });
  return { client, close: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())) };
}
