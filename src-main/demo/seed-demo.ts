/**
 * Demo content for a new station (`batchline demo`, and the station's first start): users of
 * every role, then whatever each area registers (master data, a completed dispensing batch).
 * Demo passwords are public (README); a real site creates its own users.
 */
import type { Station } from '../compose.ts';
import type { Role } from '../../src-shared/ledger/entry-types/users.ts';
import { unwrap } from '../../src-shared/result.ts';

export const DEMO_PASSWORD = 'Batchline-demo-1';

export const DEMO_USERS: { username: string; printedName: string; roles: Role[] }[] = [
  { username: 'admin', printedName: 'Alex Admin', roles: ['admin'] },
  { username: 'op.li', printedName: 'Li Wei (李伟)', roles: ['operator'] },
  { username: 'op.smith', printedName: 'Jordan Smith', roles: ['operator'] },
  { username: 'sup.wang', printedName: 'Wang Fang (王芳)', roles: ['supervisor'] },
  { username: 'qa.chen', printedName: 'Chen Jing (陈静)', roles: ['qa'] },
  { username: 'qp.mueller', printedName: 'Dr. Anna Müller', roles: ['qp'] },
];

export type DemoSeeder = (station: Station) => Promise<string> | string;

/** Areas add their demo content here (master data, orders, a completed batch). */
export const demoSeeders: DemoSeeder[] = [];

export async function seedDemo(station: Station): Promise<string> {
  let admin: string | null = null;
  for (const u of DEMO_USERS) {
    const created: { userId: string } = unwrap(station.userAdmin.createUser(admin, { ...u, initialPassword: DEMO_PASSWORD, mustChangePassword: false }));
    if (u.roles.includes('admin')) admin = created.userId;
  }
  const parts = [`${DEMO_USERS.length} users`];
  for (const seed of demoSeeders) parts.push(await seed(station));
  return parts.join(', ');
}
