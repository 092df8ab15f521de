/**
 * The class of "a hub signing path checks the password itself and forgets the second factor"
 * (FR-101): every hub e-signature goes through checkSignerCredentials
 * (src-server/quality/signing/signer-credentials.ts). This reads the hub's source: a password
 * verified anywhere else than the login, the holder's first password at identity verification
 * and that one helper fails here, naming the file.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../src-server');
const ALLOWED = new Set(['quality/signing/signer-credentials.ts', 'admin/admin-auth.ts', 'admin/account-admin.ts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('hub signing credentials', () => {
  it('D25-03 FR-101 no hub signing path verifies a password outside the one credentials check (password, second factor, lockout)', () => {
    const offenders = sources(ROOT)
      .map((p) => p.slice(ROOT.length + 1).replaceAll('\\', '/'))
      .filter((rel) => !ALLOWED.has(rel) && /\bverifyPassword\(/.test(readFileSync(join(ROOT, rel), 'utf8')));
    expect(offenders).toEqual([]);
    // …and every module that makes a signer's key also checks the credentials through the helper.
    const signing = sources(ROOT)
      .map((p) => p.slice(ROOT.length + 1).replaceAll('\\', '/'))
      .filter((rel) => /\bsignerKey\(tx/.test(readFileSync(join(ROOT, rel), 'utf8')) && !['admin/account-admin.ts', 'quality/signing/signer-keys.ts'].includes(rel));
    for (const rel of signing) expect(readFileSync(join(ROOT, rel), 'utf8'), rel).toMatch(/checkSignerCredentials\(/);
  });
});
