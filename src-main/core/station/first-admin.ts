/**
 * First run (issue 10 item 2): a new station database has no users, and no demo account with a
 * published password stands in. The first admin is made here, once, by the person installing
 * the station (web/API `station.initAdmin`, or `batchline station init-admin`); afterwards the
 * door is shut (STATION_ALREADY_INITIALISED) and every further account is made by that admin,
 * with identity verification by a second person (11.100(b)). An admin holds no GMP role.
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { UserAdmin } from '../auth/user-admin.ts';
import type { UserDirectory } from '../auth/user-directory.ts';

export interface FirstAdmin {
  username: string;
  printedName: string;
  password: string;
}

export function isFirstRun(users: UserDirectory): boolean {
  return users.list().length === 0;
}

export function initFirstAdmin(deps: { users: UserDirectory; userAdmin: UserAdmin }, input: FirstAdmin): Result<{ userId: string; username: string }> {
  if (!isFirstRun(deps.users)) return err('STATION_ALREADY_INITIALISED', 'this station already has accounts: the first admin is made only once');
  // The installer chose this password, so no first-login change is forced on it.
  const created = deps.userAdmin.createUser(null, { username: input.username, printedName: input.printedName, roles: ['admin'], initialPassword: input.password, mustChangePassword: false });
  return created.ok ? ok({ userId: created.value.userId, username: created.value.username }) : created;
}
