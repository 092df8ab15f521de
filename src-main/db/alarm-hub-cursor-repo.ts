/**
 * Where this station stands in its hub's console acknowledgements (migration 0019; FR-109): the
 * hub's number of the last one taken down and which one it was. Survives a restart; `null` (none
 * yet, or forgotten after the hub said it holds no such acknowledgement) asks from the start.
 */
import type Database from 'better-sqlite3';
import type { AlarmAckCursor } from '../../src-shared/alarm/alarm-contract.ts';

export function alarmHubCursor(sqlite: Database.Database): AlarmAckCursor | null {
  const row = sqlite.prepare('select hub_seq as hubSeq, alarm_id as alarmId, at from alarm_hub_cursor where id = 1').get() as AlarmAckCursor | undefined;
  return row ? { hubSeq: Number(row.hubSeq), alarmId: row.alarmId, at: row.at } : null;
}

export function saveAlarmHubCursor(sqlite: Database.Database, cursor: AlarmAckCursor | null, updatedAt: string): void {
  if (cursor === null) {
    sqlite.prepare('delete from alarm_hub_cursor where id = 1').run();
    return;
  }
  sqlite
    .prepare(
      `insert into alarm_hub_cursor (id, hub_seq, alarm_id, at, updated_at) values (1, ?, ?, ?, ?)
       on conflict (id) do update set hub_seq = excluded.hub_seq, alarm_id = excluded.alarm_id, at = excluded.at, updated_at = excluded.updated_at`,
    )
    .run(cursor.hubSeq, cursor.alarmId, cursor.at, updatedAt);
}
