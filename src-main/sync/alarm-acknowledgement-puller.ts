/**
 * The console's alarm acknowledgements down (issue 13 gap 2): at every sync round, after the
 * push the hub accepted, the station asks about its alarms whose hub acknowledgement it has not
 * recorded, and records each one the hub gives (`alarm.acknowledged_at_hub`: who, when,
 * comment), so the station's banner stops showing an alarm someone acknowledged in the console.
 * A failed pull changes nothing: the alarm stays on the banner until the next round.
 */
import type { Station } from '../compose.ts';
import type { HubClient } from './hub-client.ts';

/** How many acknowledgements were recorded (they are pushed in the same round). */
export async function pullAlarmAcknowledgements(station: Station, client: HubClient): Promise<number> {
  const asked = station.alarms.awaitingHubAcknowledgement();
  if (asked.length === 0) return 0;
  const got = await client.alarmAcknowledgements(asked);
  if (!got.ok) return 0;
  const recorded = station.alarms.takeHubAcknowledgements(got.value.acknowledgements);
  return recorded.ok ? recorded.value : 0;
}
