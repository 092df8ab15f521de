import { describe, expect, it } from 'vitest';
import { gmpRoleConflict, isLimsAccount, limsRoleConflict } from './quality-roles.ts';

describe('role combinations on one account', () => {
  it('FR-143 the lims role is held alone: beside any other role it is refused, and only an account holding it alone acts as the LIMS', () => {
    expect(limsRoleConflict(['lims'])).toBeNull();
    expect(limsRoleConflict(['master-data', 'qa'])).toBeNull();
    for (const other of ['master-data', 'qa', 'qp', 'operator', 'inspector', 'admin']) {
      expect(limsRoleConflict(['lims', other]), other).toContain(other);
    }
    expect(isLimsAccount(['lims'])).toBe(true);
    expect(isLimsAccount(['master-data', 'lims'])).toBe(false);
    expect(isLimsAccount(['master-data'])).toBe(false);
    expect(isLimsAccount([])).toBe(false);
    // The admin rule stands beside it.
    expect(gmpRoleConflict(['admin', 'qa'])).not.toBeNull();
  });
});
