/**
 * The tests' accounts: the same people and password as the demo (so tests read alike), but
 * created as a site's admin would create them, on a station of any mode. The demo itself
 * (createDemoUsers, seedDemo) is for training stations only.
 */
import type { Station } from '../../src-main/compose.ts';
import { createDemoPeople } from '../../src-main/demo/seed-demo.ts';

export function createTestUsers(station: Station): void {
  createDemoPeople(station);
}
