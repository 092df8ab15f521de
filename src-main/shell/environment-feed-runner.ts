/**
 * Runs the station's own broker subscription from its configuration (issue 13 item 1): the
 * `environmentFeed` setting (change-controlled like every setting) names the broker, rooms,
 * topic root, credentials and TLS files. Started with the station, restarted when the setting
 * changes, stopped with the station. Readings go to RoomEnvironment.observe (the same gate the
 * hub's room state feeds); a reading the gate refuses (an unknown room, a repeat) changes
 * nothing and is only counted. Secrets are read here, from files, never recorded.
 */
import { readFileSync } from 'node:fs';
import type { EnvironmentFeedSetting } from '../../src-shared/settings/station-settings.ts';
import type { EnvironmentFeedStatusView } from '../../src-shared/api/devices.contract.ts';
import type { Station } from '../compose.ts';
import type { MqttEnvironmentFeed, MqttEnvironmentFeedOptions } from '../devices/environment/mqtt-environment-feed.ts';

export interface EnvironmentFeedRunner {
  apply(setting: EnvironmentFeedSetting | undefined): Promise<void>;
  status(): EnvironmentFeedStatusView | null;
  close(): Promise<void>;
}

export function feedOptions(station: Pick<Station, 'stationId' | 'masterData'>, s: EnvironmentFeedSetting, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): MqttEnvironmentFeedOptions {
  const boothRooms = [...new Set(station.masterData.reader.list('booth').map((b) => b.data.room))].filter((r): r is string => typeof r === 'string' && r !== '');
  const rooms = s.rooms ?? boothRooms;
  return {
    url: s.url,
    clientId: s.clientId ?? `batchline-station-${station.stationId}`,
    // No room named and no booth in a room yet: every room (the gate keeps those it has limits for).
    rooms: rooms.length > 0 ? rooms : ['+'],
    ...(s.root ? { root: s.root } : {}),
    reconnectPeriodMs: (s.reconnectSeconds ?? 2) * 1000,
    ...(s.username !== undefined ? { username: s.username } : {}),
    ...(s.passwordFile ? { password: read(s.passwordFile).trim() } : {}),
    ...(s.tls
      ? {
          tls: {
            ...(s.tls.caFile ? { ca: read(s.tls.caFile) } : {}),
            ...(s.tls.certFile ? { cert: read(s.tls.certFile) } : {}),
            ...(s.tls.keyFile ? { key: read(s.tls.keyFile) } : {}),
            ...(s.tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: s.tls.rejectUnauthorized } : {}),
          },
        }
      : {}),
  };
}

export function environmentFeedRunner(station: Station, log: (message: string, error?: unknown) => void): EnvironmentFeedRunner {
  let feed: MqttEnvironmentFeed | null = null;
  let problem: { message: string; at: string } | null = null;
  let gateRefused = 0;
  // Each apply and each close moves this on: an apply that waited (the old feed's close, the
  // MQTT module's first load) while a newer apply or a close came makes no feed of its own,
  // which nothing would ever close (a client reconnecting after the station stopped).
  let turn = 0;
  const now = () => station.clock.now();
  return {
    async apply(setting) {
      const mine = ++turn;
      await feed?.close();
      if (mine !== turn) return;
      feed = null;
      problem = null;
      if (!setting) return;
      let options: MqttEnvironmentFeedOptions;
      try {
        options = feedOptions(station, setting);
      } catch (e) {
        // A missing password or certificate file: shown on the device status, the station goes on.
        problem = { message: `environment feed: ${(e as Error).message}`, at: now().toISOString() };
        log(problem.message);
        return;
      }
      // The MQTT client (mqtt.js and its streams) loads with the first feed, not with the station:
      // most stations have no broker, and it was a noticeable part of every start (issue 16,
      // start in a blink). The loader keeps the module: later feeds get the same one at once.
      const { createMqttEnvironmentFeed } = await import('../devices/environment/mqtt-environment-feed.ts');
      if (mine !== turn) return;
      feed = createMqttEnvironmentFeed(
        {
          reading: (r) => {
            const taken = station.environment.observe(r);
            if (!taken.ok) gateRefused++;
            if (!taken.ok && taken.error.code !== 'ENV_READING_STALE' && taken.error.code !== 'ENV_ROOM_UNKNOWN') log(`environment reading ${r.room}/${r.quantity} not taken: ${taken.error.code} ${taken.error.message}`);
          },
          refused: (topic, error) => log(`environment payload on ${topic} refused: ${error.message}`),
        },
        options,
        now,
      );
    },
    status() {
      if (!feed) return problem ? { url: '', rooms: [], state: 'closed', readings: 0, refused: 0, notTaken: 0, lastReadingAt: null, lastError: problem } : null;
      return { ...feed.status(), notTaken: gateRefused };
    },
    async close() {
      turn++;
      await feed?.close();
      feed = null;
    },
  };
}
