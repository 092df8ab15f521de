/**
 * The hub's room state down (issue 13 item 1): at every sync round, a station whose master data
 * holds rooms with limits asks the hub for its rooms' environmental state and hands it to the
 * station's RoomEnvironment, so a station that cannot reach the broker itself still blocks work
 * in a room at the action level. A station without rooms asks nothing. A failed pull changes
 * nothing (the state last taken stays, and the round goes on): the gate never waits on the network.
 */
import type { Station } from '../compose.ts';
import type { HubClient } from './hub-client.ts';

/** How many excursion entries the pull recorded (they are pushed in the same round). */
export async function pullEnvironment(station: Station, client: HubClient): Promise<number> {
  const limited = new Set(station.masterData.reader.list('room').map((r) => r.key));
  const rooms = [...new Set(station.masterData.reader.list('booth').map((b) => b.data.room))].filter((r) => limited.has(r));
  if (rooms.length === 0) return 0;
  const got = await client.environment(rooms);
  if (!got.ok) return 0;
  const applied = station.environment.applyHub(got.value.states);
  return applied.ok ? applied.value.length : 0;
}
