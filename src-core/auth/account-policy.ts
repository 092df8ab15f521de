/**
 * Account policy shared by station and hub (PIC/S PI 041 §9.5, MHRA GxP DI 6.16; COMPLIANCE.md
 * DI-11): an account names one person. Names a team would share ("operator", "line1", "admin2",
 * "test", "qa-team") are refused by a policy list of role, place and purpose words. Real names
 * ("li.wei", "op.li", "j.smith") pass.
 */

/** Words that name a role (a person's user name may start with one: "op.li", "qa.chen"). */
export const ROLE_WORDS = [
  'admin', 'administrator', 'root', 'operator', 'op', 'supervisor', 'sup', 'qa', 'qc', 'qp', 'it', 'md', 'manager', 'user',
] as const;

/** Words that name a place, a team or a purpose: never a person. */
export const GENERIC_WORDS = [
  'users', 'test', 'tester', 'testing', 'trial', 'demo', 'guest', 'temp', 'tmp', 'shared', 'generic', 'team', 'group',
  'line', 'shift', 'station', 'booth', 'lab', 'plant', 'production', 'prod', 'service', 'support', 'system', 'sys',
  'default', 'night', 'day', 'training', 'trainee', 'weigh', 'dispensing', 'all', 'everyone', 'common', 'public',
] as const;

const ROLES = new Set<string>(ROLE_WORDS);
const GENERIC = new Set<string>(GENERIC_WORDS);

/**
 * The reason a user name is generic, or null. Split at dots, dashes and underscores, a name is
 * generic when no part names a person (every part is a role or generic word, a number or a single
 * letter) and it is not simply two role words: "operator", "admin1", "line1", "test", "qa.team",
 * "op-2", "shift_a" are refused; "op.li", "qa.chen", "it.zhou" pass.
 */
export function genericAccountName(username: string): string | null {
  const parts = username.trim().toLowerCase().split(/[._-]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const numbered = parts.some((p) => /\d/.test(p) || p.length === 1);
  const words = parts.map((p) => p.replace(/\d+$/, '')).filter((p) => p.length > 1);
  if (!words.every((w) => ROLES.has(w) || GENERIC.has(w))) return null;
  const generic = words.length <= 1 || numbered || words.some((w) => GENERIC.has(w));
  return generic ? `"${username}" names a role, place or purpose, not a person: every account belongs to one named individual (DI-11)` : null;
}

/** Days between a last login (or the creation, when never logged in) and now. */
export function daysSince(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / 86_400_000);
}
