/**
 * Account policy shared by station and hub (PIC/S PI 041 §9.5, MHRA GxP DI 6.16; COMPLIANCE.md
 * DI-11): an account names one person. Names a team would share ("operator", "line1", "admin2",
 * "test", "qa-team") are refused by a policy list: a role, place or purpose word, alone or with
 * a number or a short suffix. Real names ("li.wei", "op.li", "j.smith") pass.
 */

/** Words that name a role, a place or a purpose, never a person. */
export const GENERIC_ACCOUNT_WORDS = [
  'admin', 'administrator', 'root', 'operator', 'op', 'supervisor', 'sup', 'qa', 'qc', 'qp', 'user', 'users',
  'test', 'tester', 'testing', 'trial', 'demo', 'guest', 'temp', 'tmp', 'shared', 'generic', 'team', 'group',
  'line', 'shift', 'station', 'booth', 'lab', 'plant', 'production', 'prod', 'service', 'support', 'system',
  'sys', 'default', 'manager', 'night', 'day', 'training', 'trainee', 'weigh', 'dispensing', 'it',
] as const;

const WORDS = new Set<string>(GENERIC_ACCOUNT_WORDS);

/**
 * The reason a user name is generic, or null. A name is generic when, split at dots, dashes and
 * underscores and with trailing digits removed, every part is a policy word or a letter
 * (e.g. "line1", "admin-2", "qa.team", "op_a", "test").
 */
export function genericAccountName(username: string): string | null {
  const name = username.trim().toLowerCase();
  const parts = name.split(/[._-]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const stripped = parts.map((p) => p.replace(/\d+$/, ''));
  const generic = stripped.every((p) => p === '' || p.length === 1 || WORDS.has(p));
  return generic ? `"${username}" names a role, place or purpose, not a person: every account belongs to one named individual (DI-11)` : null;
}

/** Days between a last login (or the creation, when never logged in) and now. */
export function daysSince(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / 86_400_000);
}
