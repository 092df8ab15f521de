/**
 * Demo content for a new TRAINING station (`batchline demo`, nothing else): users of every
 * role, then whatever each area registers (master data, a completed dispensing batch). Demo
 * passwords are public (README), so the demo exists only on a training station, whose genesis
 * marks every entry as training and which the hub never accepts as GMP data; calling it on a
 * production station is a bug and throws.
 */
import type { Station } from '../compose.ts';
import type { Role } from '../../src-shared/ledger/entry-types/users.ts';
import { unwrap } from '../../src-shared/result.ts';
import { requireTraining } from '../core/station/station-mode.ts';
import type { StationIdentity } from '../core/station/station-bootstrap.ts';
import { seedDispensing } from './seed-dispensing.ts';

export const DEMO_PASSWORD = 'Batchline-demo-1';

/** Who a demo (training) station is; a production station's identity comes from provisioning. */
export const DEMO_IDENTITY: StationIdentity = { stationId: 'ST-DEMO-01', name: 'Dispensing booth 1', site: 'Demo plant', timeZone: 'Asia/Shanghai' };

/** `installation`: made at install time (no actor); the others are made by admin, verified by qa.chen. */
export const DEMO_USERS: { username: string; printedName: string; roles: Role[]; installation?: boolean }[] = [
  { username: 'admin', printedName: 'Alex Admin', roles: ['admin'], installation: true },
  { username: 'op.li', printedName: 'Li Wei (李伟)', roles: ['operator'] },
  { username: 'op.smith', printedName: 'Jordan Smith', roles: ['operator'] },
  { username: 'sup.wang', printedName: 'Wang Fang (王芳)', roles: ['supervisor'] },
  { username: 'qa.chen', printedName: 'Chen Jing (陈静)', roles: ['qa'], installation: true },
  { username: 'qp.mueller', printedName: 'Dr. Anna Müller', roles: ['qp'] },
];

export type DemoSeeder = (station: Station) => Promise<string> | string;

/** Areas add their demo content here (master data, orders, a completed batch). */
export const demoSeeders: DemoSeeder[] = [seedDispensing];

/** The demo users, with 11.100(b) identity verification done by a second person. */
export function createDemoUsers(station: Station): void {
  unwrap(requireTraining(station.mode, 'demo accounts with a published password'));
  createDemoPeople(station);
}

/**
 * The demo's people, made as a site's admin makes accounts (installation accounts first, the
 * rest verified by QA). Unguarded: test stations of either mode use the same people
 * (test/fakes/test-users.ts); on a real station only createDemoUsers, on training, calls it.
 */
export function createDemoPeople(station: Station): void {
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
  // P11-13: each of them signs the e-signature acknowledgement, as a new user does at first login.
  for (const u of DEMO_USERS) unwrap(station.signatures.acknowledgeAs(station.users.byId(ids.get(u.username)!)!, DEMO_PASSWORD));
}

/** How many times seedDemo reports a finished step: the users, then each seeder. */
export const DEMO_SEED_STEPS = 1 + demoSeeders.length;

export async function seedDemo(station: Station, stepDone: () => void = () => undefined): Promise<string> {
  createDemoUsers(station);
  stepDone();
  const parts = [`${DEMO_USERS.length} users`];
  for (const seed of demoSeeders) {
    parts.push(await seed(station));
    stepDone();
  }
  return parts.join(', ');
}
