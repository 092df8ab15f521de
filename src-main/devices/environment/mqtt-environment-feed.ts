/**
 * The station's own subscription to the plant's MQTT broker (issue 13 item 1): readings of the
 * station's rooms, parsed with the shared contract and handed to a port, so that a station cut
 * off from the hub still blocks work in a room at the action level. Knows topics and payloads,
 * nothing of batches: the port (RoomEnvironment.observe in the station core, wired by the shell)
 * decides. QoS 1 with a persistent session (a fixed client id, clean: false), so what arrives
 * while the station is cut off from the broker comes after the reconnect, in order; the message
 * is acknowledged after the port took it (mqtt.js `handleMessage`; the port's ledger append is
 * synchronous and durable). The start never waits for the broker: the station works without it
 * and mqtt.js reconnects every `reconnectPeriodMs`; `status()` says where the connection is.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
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
  username?: string;
  password?: string;
  /** TLS (mqtts:// or wss://): the broker's CA, and a client certificate and key where the broker asks for one (PEM). */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
}

export type FeedConnection = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface MqttEnvironmentFeedStatus {
  url: string;
  rooms: string[];
  state: FeedConnection;
  /** Readings taken and refused since the start, and the time of the last one taken. */
  readings: number;
  refused: number;
  lastReadingAt: string | null;
  lastError: { message: string; at: string } | null;
}

export interface MqttEnvironmentFeed {
  client: MqttClient;
  status(): MqttEnvironmentFeedStatus;
  close(): Promise<void>;
}

/** Starts the subscription without waiting for the broker. */
export function createMqttEnvironmentFeed(port: EnvironmentFeedPort, options: MqttEnvironmentFeedOptions, now: () => Date = () => new Date()): MqttEnvironmentFeed {
  const root = options.root ?? TOPIC_ROOT;
  const s: MqttEnvironmentFeedStatus = { url: redact(options.url), rooms: [...options.rooms], state: 'connecting', readings: 0, refused: 0, lastReadingAt: null, lastError: null };
  const connectOptions: IClientOptions = {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    protocolVersion: 4,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
    ...(options.tls?.cert ? { cert: options.tls.cert } : {}),
    ...(options.tls?.key ? { key: options.tls.key } : {}),
    ...(options.tls?.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  };
  const client = mqtt.connect(options.url, connectOptions);
  client.handleMessage = (packet, done) => {
    const text = typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
    const topic = topicParts(packet.topic, root);
    const parsed = topic ? parseReading(text, topic) : null;
    if (parsed?.ok) {
      s.readings++;
      s.lastReadingAt = now().toISOString();
      port.reading(parsed.value);
    } else {
      s.refused++;
      port.refused(packet.topic, parsed && !parsed.ok ? parsed.error : { code: 'ENV_READING_INVALID', message: `topic ${packet.topic} is not ${root}/<room>/<quantity>`, details: { reason: 'topic-mismatch', field: 'topic' } });
    }
    done();
  };
  client.on('connect', (ack) => {
    // A resumed session keeps its subscriptions; a new one (first start, broker lost its state) subscribes.
    if (ack.sessionPresent) {
      s.state = 'connected';
      return;
    }
    client.subscribe(
      options.rooms.map((r) => `${root}/${r}/+`),
      { qos: 1 },
      (e) => {
        if (e) s.lastError = { message: `subscribe: ${e.message}`, at: now().toISOString() };
        else s.state = 'connected';
      },
    );
  });
  client.on('reconnect', () => (s.state = 'reconnecting'));
  client.on('offline', () => (s.state = 'reconnecting'));
  client.on('close', () => {
    if (s.state !== 'closed') s.state = 'reconnecting';
  });
  client.on('error', (e) => (s.lastError = { message: e.message, at: now().toISOString() }));
  return {
    client,
    status: () => ({ ...s, rooms: [...s.rooms] }),
    close: () =>
      new Promise<void>((resolve) => {
        s.state = 'closed';
        client.end(false, {}, () => resolve());
      }),
  };
}

/** Starts the subscription and waits until it is subscribed (benches, tests). */
export async function startMqttEnvironmentFeed(port: EnvironmentFeedPort, options: MqttEnvironmentFeedOptions): Promise<MqttEnvironmentFeed> {
  const feed = createMqttEnvironmentFeed(port, options);
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (feed.status().state === 'connected') {
        clearInterval(poll);
        resolve();
      }
    }, 5);
    feed.client.once('error', (e) => {
      clearInterval(poll);
      reject(e);
    });
  });
  return feed;
}

/** A URL as shown to people: without a password in it. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
