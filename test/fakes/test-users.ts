/**
 * The tests' accounts: the same people and password as the demo (so tests read alike), but
 * created as a site's admin would create them, on a station of any mode. The demo itself
 * (createDemoUsers, seedDemo) is for training stations only.
 */
import type { Station } from '../../src-main/compose.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src-main/demo/seed-demo.ts';
import { unwrap } from '../../src-shared/result.ts';

export function createTestUsers(station: Station): void {
  const ids = new Map<string, string>();
  const make = (u: (typeof DEMO_USERS)[number], actor: string | null) => {
    const { installation: _i, ...fields } = u;
    ids.set(u.username, unwrap(station.userAdmin.createUser(actor, { ...fields, initialPassword: DEMO_PASSWORD, mustChangePassword: false })).userId);
  };
  for (const u of DEMO_USERS.filter((x) => x.installation)) make(u, null);
  for (const u of DEMO_USERS.filter((x) => !x.installation)) {
    make(u, ids.get('admin')!);
    unwrap(station.userAdmin.verifyIdentity(ids.get('qa.chen')!, ids.get(u.username)!, 'badge photo and national ID checked in person'));
  }
}
