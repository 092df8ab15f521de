import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyPool } from '../fakes/key-pool.ts';
import { createRevocationList, readRevocationList, revocationOf } from '../../src-core/pki/revocation-list.ts';
import { createSiteCa } from '../../src-core/pki/site-ca.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const pool = keyPool();
const ca = createSiteCa({ commonName: 'Batchline Site CA Zürich', organisation: 'Werk Zürich AG', validDays: 3650, now, keyPair: pool.nextCa!() });
const other = createSiteCa({ commonName: 'Batchline Site CA Zürich', organisation: 'Werk Zürich AG', validDays: 3650, now, keyPair: pool.next() });
const revoked = [
  { serialNumber: 'ff01', revokedAt: new Date('2026-02-01T08:00:00Z'), reason: 'keyCompromise' as const },
  { serialNumber: '0a0b0c', revokedAt: new Date('2026-02-20T09:30:00Z') },
];
const crl = createRevocationList({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, number: now.getTime(), thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), revoked });

describe('revocation lists (X.509 v2 CRL)', () => {
  it('P11-30 a list signed by the site CA reads back with its entries, number and dates', () => {
    const read = readRevocationList(crl, ca.certPem);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.number).toBe(String(now.getTime()));
    expect(read.value.thisUpdate.toISOString()).toBe(now.toISOString());
    expect(read.value.revoked).toEqual([
      { serialNumber: 'ff01', revokedAt: new Date('2026-02-01T08:00:00Z'), reason: 'keyCompromise' },
      { serialNumber: '0a0b0c', revokedAt: new Date('2026-02-20T09:30:00Z') },
    ]);
    expect(revocationOf(read.value, '0A0B0C')?.revokedAt.toISOString()).toBe('2026-02-20T09:30:00.000Z');
    expect(revocationOf(read.value, '0a0b0d')).toBeUndefined();
  });

  it('P11-30 OpenSSL accepts the list as signed by the CA (an auditor can check it without Batchline)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crl-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'list.crl'), crl);
    const out = execFileSync('openssl', ['crl', '-in', join(dir, 'list.crl'), '-CAfile', join(dir, 'ca.pem'), '-noout', '-text'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/Serial Number: FF01/i);
    expect(out).toMatch(/Key Compromise/);
    expect(out).toMatch(/X509v3 CRL Number/);
  });

  it('P11-30 a list from another CA, or with one byte changed, is refused and nothing in it believed', () => {
    const foreign = createRevocationList({ caCertPem: other.certPem, caKeyPem: other.keyPem, number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 1000), revoked: [] });
    const wrong = readRevocationList(foreign, ca.certPem);
    expect(!wrong.ok && wrong.error.code).toBe('CERTIFICATE_INVALID');
    expect(!wrong.ok && wrong.error.message).toMatch(/signature does not verify/);

    const body = Buffer.from(crl.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    const at = body.indexOf(Buffer.from([0xff, 0x01]));
    body[at + 1] = 0x02; // the revoked serial ff01 becomes ff02
    const tampered = `-----BEGIN X509 CRL-----\n${body.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END X509 CRL-----\n`;
    const read = readRevocationList(tampered, ca.certPem);
    expect(read.ok).toBe(false);
    expect(readRevocationList('not a crl', ca.certPem).ok).toBe(false);
  });
});
