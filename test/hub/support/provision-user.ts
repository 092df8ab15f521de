/**
 * A hub account made the way the hub now requires (issue 10 item 5): IT creates it with a
 * one-time password, a second administrator verifies the holder, who sets `password` in that
 * act. What the suites that need QA, QP, steward or LIMS accounts call.
 */
import { expect } from 'vitest';
import type { TestHub } from './test-hub.ts';

export const ONE_TIME_PASSWORD = 'Handed-over-2026!';

export interface HubPerson {
  username: string;
  printedName: string;
  roles: string[];
  password: string;
}

export async function provisionHubUser(hub: Pick<TestHub, 'api' | 'secondAdminToken'>, person: HubPerson): Promise<string> {
  const created = await hub.api<{ userId: string; status: string }>('POST', '/api/v1/admin/users', { ...person, password: ONE_TIME_PASSWORD });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.status).toBe('pending');
  const verified = await hub.api(
    'POST',
    `/api/v1/admin/users/${created.body.userId}/verify-identity`,
    { method: 'staff badge and national ID checked in person', oneTimePassword: ONE_TIME_PASSWORD, newPassword: person.password },
    hub.secondAdminToken,
  );
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return created.body.userId;
}
