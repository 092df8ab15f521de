/**
 * The console's alarm acknowledgements down (issue 13 gap 2; FR-84): at every sync round, after
 * the push the hub accepted, the station records each acknowledgement the hub gives
 * (`alarm.acknowledged_at_hub`: who, when, comment), so its banner stops showing an alarm someone
 * acknowledged in the console.
 *
 * A cursor, not a list (FR-109): the station asks for the acknowledgements after the hub's number
 * of the last one it took (kept in `alarm_hub_cursor`, so a restart asks on from there), a page at
 * a time, so a round costs what is new, however many alarms are open. The cursor moves only after
 * the page is in the ledger; asking again records nothing twice (takeHubAcknowledgements). A hub
 * that holds no acknowledgement matching the cursor (restored from an older backup) answers
 * `reset`: the station forgets its cursor and asks from the start, once in that round. A hub
 * before FR-109 refuses the cursor: its route knew only `{ alarmIds }` and its body validation
 * refused the cursor before it authenticated the station, so unsigned (HTTP 400); a hub without
 * the route answers 404, unsigned too. The station then names its open alarms as before, in the
 * same round; that answer is believed only signed, so an unsigned refusal chooses the question,
 * never what is recorded (test/alarm/alarm-hub-ack-suite.ts).
 * A failed pull changes nothing: the alarm stays on the banner until the next round.
 */
import type { Station } from '../compose.ts';
import { alarmHubCursor, saveAlarmHubCursor } from '../db/alarm-hub-cursor-repo.ts';
import type { AlarmAckCursor } from '../../src-shared/alarm/alarm-contract.ts';
import type { HubClient } from './hub-client.ts';

/** Pages per round at most (of ALARM_ACK_PAGE each); what is left is taken at the next round. */
const MAX_PAGES = 20;

/** How many acknowledgements were recorded (they are pushed in the same round). */
export async function pullAlarmAcknowledgements(station: Station, client: HubClient): Promise<number> {
  // Nothing the hub could tell: no alarm here waits for a console acknowledgement (no request at all).
  if (station.alarms.awaitingHubAcknowledgement(1).length === 0) return 0;
  const sqlite = station.db.sqlite;
  let after: AlarmAckCursor | null = alarmHubCursor(sqlite);
  let recorded = 0;
  let resetOnce = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const got = await client.alarmAcknowledgements({ after });
    if (!got.ok) return page === 0 && beforeCursor(got.error.details?.httpStatus) ? byAlarmIds(station, client) : recorded;
    if (got.value.reset) {
      if (resetOnce || after === null) return recorded;
      resetOnce = true;
      after = null;
      saveAlarmHubCursor(sqlite, null, station.clock.now().toISOString());
      continue;
    }
    const acks = got.value.acknowledgements;
    if (acks.length > 0) {
      const taken = station.alarms.takeHubAcknowledgements(acks);
      if (!taken.ok) return recorded;
      recorded += taken.value;
      const last = acks.at(-1)!;
      if (last.hubSeq === undefined) return recorded;
      after = { hubSeq: last.hubSeq, alarmId: last.alarmId, at: last.at };
      saveAlarmHubCursor(sqlite, after, station.clock.now().toISOString());
    }
    if (!got.value.more) return recorded;
  }
  return recorded;
}

/** How a hub before FR-109 refuses a cursor: 400 (its body schema), 404 (no such route), signed or not. */
const beforeCursor = (status: unknown): boolean => status === 400 || status === 404;

/** A hub before FR-109: the station names the alarms whose hub acknowledgement it has not recorded. */
async function byAlarmIds(station: Station, client: HubClient): Promise<number> {
  const asked = station.alarms.awaitingHubAcknowledgement();
  if (asked.length === 0) return 0;
  const got = await client.alarmAcknowledgements({ alarmIds: asked });
  if (!got.ok) return 0;
  const recorded = station.alarms.takeHubAcknowledgements(got.value.acknowledgements);
  return recorded.ok ? recorded.value : 0;
}
