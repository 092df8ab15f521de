/**
 * What every hub service is built from (src-server/create-hub.ts is the one place that makes
 * it). No service keeps state between requests: all of it is in the database.
 */
import type { Clock, IdSource } from '../src-core/clock.ts';
import type { PasswordPolicy } from '../src-core/auth/password-policy.ts';
import type { ScryptParams } from '../src-core/auth/scrypt-kdf.ts';
import type { KeySource } from '../src-core/pki/key-source.ts';
import type { OeeCalendar } from '../src-shared/equipment/oee-contract.ts';
import type { HubOrm } from './db/open-hub-db.ts';
import type { HubKeys } from './keys/hub-keys.ts';
import type { FieldKey } from '../src-core/crypto/sealed-field.ts';
import type { EscalationLevel } from '../src-core/alarm/alarm-model.ts';

export interface HubContext {
  db: HubOrm;
  clock: Clock;
  ids: IdSource;
  keys: HubKeys;
  keySource: KeySource;
  policy: PasswordPolicy;
  scrypt?: ScryptParams;
  /** Validity of station certificates the hub issues, in days. */
  stationCertDays: number;
  /** Accounts without a login for this many days are disabled at their next login (default 180). */
  dormantDays?: number;
  /**
   * The key that seals a secret kept in a column (a robot's webhook secret) under the hub secret,
   * which is never in the database (src-core/crypto/sealed-field.ts). One key per purpose.
   */
  sealing: (purpose: string) => FieldKey;
  /**
   * Site policy (D25-03, FR-101): hub roles whose every e-signature needs a one-time code, enrolled
   * or not (an enrolled user always gives one). Default: none.
   */
  signingMfaRoles?: readonly string[];
  /** When an unacknowledged alarm is escalated, per level (default DEFAULT_ALARM_ESCALATION). */
  alarmEscalation?: readonly EscalationLevel[];
  /** The shift calendar and lines OEE is computed for (hub configuration; none: OEE not available). */
  oeeCalendar?: OeeCalendar;
}
