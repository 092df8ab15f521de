/**
 * Signed release artefacts (COMPLIANCE A11-04: "release artefacts signed and signature verified
 * in a separate job"). From IT's seat: make the key, sign the kit, verify it with nothing but the
 * public key. From an attacker's seat: change, add or remove a kit file, edit the manifest after
 * signing, re-sign with their own key, strip the signature, put a link where a file was — each is
 * refused with its typed code, exit 1, and the file named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { writeProjectFixture } from '../fakes/release-fixture.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { openReleaseKey, pbkdf2Iterations, signBytes } from '../../src-cli/release/release-key.ts';
import { execFileSync } from 'node:child_process';

const PASSPHRASE = 'release key passphrase 2026';

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('signed release artefacts (A11-04)', () => {
  let dir: string;
  let kit: string;
  let key: string;
  let pub: string;
  let otherKey: string;
  let n = 0;
  /** A fresh signed copy of the kit for one test. */
  const signedCopy = () => {
    const copy = join(dir, `kit-${++n}`);
    cpSync(kit, copy, { recursive: true });
    return copy;
  };
  const verify = (k: string, publicKey = pub) => cli(['release', 'verify', '--kit', k, '--public-key', publicKey]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'release-sign-'));
    const root = join(dir, 'project');
    writeProjectFixture(root);
    kit = join(dir, 'kit');
    expect((await cli(['validation-kit', '--root', root, '--out', kit])).code).toBe(0);
    writeFileSync(join(dir, 'passphrase'), `${PASSPHRASE}\n`);
    key = join(dir, 'release-key.pem');
    pub = join(dir, 'release-key.pub.pem');
    expect((await cli(['release', 'keygen', '--out', key, '--passphrase-file', join(dir, 'passphrase')])).code).toBe(0);
    otherKey = join(dir, 'attacker.pem');
    expect((await cli(['release', 'keygen', '--out', otherKey], { BATCHLINE_RELEASE_PASSPHRASE: 'the attacker has a key too' })).code).toBe(0);
    const signed = await cli(['release', 'sign', '--kit', kit, '--key', key], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(signed.err).not.toContain('refused');
    expect(signed.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('A11-04 keygen writes an encrypted PKCS#8 key only its owner reads, and the public key; the passphrase comes from a file or the environment, never an argument', async () => {
    const pem = readFileSync(key, 'utf8');
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(() => createPrivateKey({ key: pem, format: 'pem', passphrase: 'wrong passphrase!' })).toThrow();
    expect(createPrivateKey({ key: pem, format: 'pem', passphrase: PASSPHRASE }).asymmetricKeyType).toBe('ed25519');
    expect(readFileSync(pub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const fresh = join(dir, 'k2.pem');
    // No option takes the passphrase itself; a short one, none at all, or an existing file: no key.
    expect((await cli(['release', 'keygen', '--out', fresh, '--passphrase', PASSPHRASE])).code).toBe(2);
    const none = await cli(['release', 'keygen', '--out', fresh]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--passphrase-file FILE or BATCHLINE_RELEASE_PASSPHRASE');
    expect((await cli(['release', 'keygen', '--out', fresh], { BATCHLINE_RELEASE_PASSPHRASE: 'short' })).err).toContain('at least 12 characters');
    expect(existsSync(fresh)).toBe(false);
    const again = await cli(['release', 'keygen', '--out', key], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(again.code).toBe(2);
    expect(again.err).toContain('is never overwritten');
    expect(readFileSync(key, 'utf8')).toBe(pem);
  });

  it('A11-04 the signed manifest covers every kit file and the hub bundle digests; verify needs only the public key and names the manifest hash for the release notes', async () => {
    const manifestBytes = readFileSync(join(kit, 'MANIFEST.json'));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { hubDigest: string; files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(['hub-release.json', 'known-issues.md', 'release.json', 'risk-register.md', 'rtm.html', 'rtm.json', 'sbom.cdx.json', 'test-report.md']);
    const hub = JSON.parse(readFileSync(join(kit, 'hub-release.json'), 'utf8')) as { digest: string; files: Record<string, string> };
    expect(Object.keys(hub.files)).toContain('dist-cli/bundle/main.mjs');
    expect(manifest.hubDigest).toBe(hub.digest);
    const sig = JSON.parse(readFileSync(join(kit, 'MANIFEST.json.sig'), 'utf8')) as { algorithm: string; manifestSha256: string };
    expect(sig).toMatchObject({ algorithm: 'ed25519', manifestSha256: sha256(manifestBytes) });

    // The separate job: a copy of the kit and the public key, no private key, no passphrase.
    const r = await verify(signedCopy());
    expect(r.err).not.toContain('refused');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`VERIFIED: batchline ${SOFTWARE_VERSION} kit, 8 files match MANIFEST.json`);
    expect(r.out).toContain(`${sha256(manifestBytes)}  MANIFEST.json (compare with the release notes)`);
    const json = await cli(['release', 'verify', '--kit', signedCopy(), '--public-key', pub, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, appVersion: SOFTWARE_VERSION, manifestSha256: sha256(manifestBytes) });
    // A private key where the trusted public key belongs is a usage error, not a verification.
    expect((await verify(signedCopy(), key)).code).toBe(2);
  });

  it('A11-04 sign refuses a wrong passphrase and a kit whose files no longer match its manifest; an RSA key signs and verifies too', async () => {
    const wrong = await cli(['release', 'sign', '--kit', signedCopy(), '--key', key], { BATCHLINE_RELEASE_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('refused: RELEASE_KEY_INVALID');
    const drifted = signedCopy();
    appendFileSync(join(drifted, 'test-report.md'), 'one more line\n');
    unlinkSync(join(drifted, 'MANIFEST.json.sig'));
    const r = await cli(['release', 'sign', '--kit', drifted, '--key', key], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused: RELEASE_FILE_CHANGED: test-report.md');
    expect(existsSync(join(drifted, 'MANIFEST.json.sig'))).toBe(false);

    // A kit that does not name the hub's files (made by an older version) is not signed either.
    const noHub = signedCopy();
    unlinkSync(join(noHub, 'MANIFEST.json.sig'));
    unlinkSync(join(noHub, 'hub-release.json'));
    const m = JSON.parse(readFileSync(join(noHub, 'MANIFEST.json'), 'utf8')) as { files: Record<string, string> };
    delete m.files['hub-release.json'];
    writeFileSync(join(noHub, 'MANIFEST.json'), JSON.stringify(m));
    const old = await cli(['release', 'sign', '--kit', noHub, '--key', key], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(old.code).toBe(1);
    expect(old.err).toContain('refused: INPUT_INVALID: MANIFEST.json lists no hub-release.json');

    const rsa = join(dir, 'rsa.pem');
    expect((await cli(['release', 'keygen', '--type', 'rsa', '--out', rsa], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    const k = signedCopy();
    expect((await cli(['release', 'sign', '--kit', k, '--key', rsa], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(k, 'MANIFEST.json.sig'), 'utf8'))).toMatchObject({ algorithm: 'rsa-pss-sha256' });
    expect((await verify(k, join(dir, 'rsa.pub.pem'))).code).toBe(0);
    // …and the Ed25519 release key does not accept it.
    expect((await verify(k)).err).toContain('refused: RELEASE_SIGNER_UNKNOWN');
  });

  it('A11-04 attacker: a changed kit file, an added one and a removed one are each refused and named', async () => {
    const changed = signedCopy();
    writeFileSync(join(changed, 'known-issues.md'), '# Known issues\n\nNone.\n');
    const c = await verify(changed);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/refused: RELEASE_FILE_CHANGED: known-issues\.md: hashes to [0-9a-f]{64}, the signed manifest says [0-9a-f]{64}/);

    const added = signedCopy();
    writeFileSync(join(added, 'patch.js'), 'process.exit(0)\n');
    const a = await verify(added);
    expect(a.code).toBe(1);
    expect(a.err).toContain('refused: RELEASE_FILE_UNLISTED: patch.js: in the kit, not in the signed manifest');

    // A file named like a property every object has is not thereby listed.
    const named = signedCopy();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) writeFileSync(join(named, name), 'process.exit(0)\n');
    const n = await verify(named);
    expect(n.code).toBe(1);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(n.err).toContain(`RELEASE_FILE_UNLISTED: ${name}: in the kit, not in the signed manifest`);

    const removed = signedCopy();
    unlinkSync(join(removed, 'risk-register.md'));
    const r = await verify(removed);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused: RELEASE_FILE_MISSING: risk-register.md');

    // A link to a file of the same bytes elsewhere is not the signed file.
    const linked = signedCopy();
    cpSync(join(linked, 'rtm.json'), join(dir, 'rtm-elsewhere.json'));
    unlinkSync(join(linked, 'rtm.json'));
    symlinkSync(join(dir, 'rtm-elsewhere.json'), join(linked, 'rtm.json'));
    expect((await verify(linked)).err).toContain('refused: RELEASE_FILE_CHANGED: rtm.json: not a plain file');

    // Several problems: the first is the code, every one is named.
    appendFileSync(join(added, 'rtm.html'), '<!-- -->');
    const both = await verify(added);
    expect(both.err).toContain('RELEASE_FILE_CHANGED: rtm.html');
    expect(both.err).toContain('RELEASE_FILE_UNLISTED: patch.js');
  });

  it('A11-04 attacker: a manifest edited after signing to match a changed file, and a signature stripped, are refused', async () => {
    const k = signedCopy();
    writeFileSync(join(k, 'test-report.md'), '# Test report\n\nAll passed.\n');
    const manifest = JSON.parse(readFileSync(join(k, 'MANIFEST.json'), 'utf8')) as { files: Record<string, string> };
    manifest.files['test-report.md'] = sha256(readFileSync(join(k, 'test-report.md')));
    writeFileSync(join(k, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
    const r = await verify(k);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused: RELEASE_SIGNATURE_INVALID: MANIFEST.json was changed after it was signed');

    // The signature file's own claims changed to match the edited manifest: still no signature.
    const sig = JSON.parse(readFileSync(join(k, 'MANIFEST.json.sig'), 'utf8')) as { manifestSha256: string };
    sig.manifestSha256 = sha256(readFileSync(join(k, 'MANIFEST.json')));
    writeFileSync(join(k, 'MANIFEST.json.sig'), JSON.stringify(sig));
    expect((await verify(k)).err).toContain('refused: RELEASE_SIGNATURE_INVALID: MANIFEST.json.sig: the signature over MANIFEST.json and what MANIFEST.json.sig states with it');

    unlinkSync(join(k, 'MANIFEST.json.sig'));
    const unsigned = await verify(k);
    expect(unsigned.code).toBe(1);
    expect(unsigned.err).toContain('refused: RELEASE_UNSIGNED: MANIFEST.json.sig: the kit in');
  });

  it('A11-04 attacker: a kit re-made and signed with another key is refused, even when the signature file claims the release key', async () => {
    const k = signedCopy();
    writeFileSync(join(k, 'sbom.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', components: [] }));
    const manifest = JSON.parse(readFileSync(join(k, 'MANIFEST.json'), 'utf8')) as { files: Record<string, string> };
    manifest.files['sbom.cdx.json'] = sha256(readFileSync(join(k, 'sbom.cdx.json')));
    writeFileSync(join(k, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n');
    expect((await cli(['release', 'sign', '--kit', k, '--key', otherKey], { BATCHLINE_RELEASE_PASSPHRASE: 'the attacker has a key too' })).code).toBe(0);
    // Verified against the attacker's own public key it is a consistent kit…
    expect((await verify(k, join(dir, 'attacker.pub.pem'))).code).toBe(0);
    // …against the release key it is refused, naming both keys.
    const r = await verify(k);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused: RELEASE_SIGNER_UNKNOWN: MANIFEST\.json\.sig: signed by key [0-9a-f]{64}, not by the release key [0-9a-f]{64}/);

    const claimed = JSON.parse(readFileSync(join(kit, 'MANIFEST.json.sig'), 'utf8')) as { keyFingerprint: string };
    const forged = JSON.parse(readFileSync(join(k, 'MANIFEST.json.sig'), 'utf8')) as { keyFingerprint: string };
    forged.keyFingerprint = claimed.keyFingerprint;
    writeFileSync(join(k, 'MANIFEST.json.sig'), JSON.stringify(forged));
    expect((await verify(k)).err).toContain('refused: RELEASE_SIGNATURE_INVALID');
  });

  it('FR-126 the signing time, version, key and manifest hash verify shows are signed with the manifest: a signing time changed after signing is refused, and so is every other stated field', async () => {
    const sig = JSON.parse(readFileSync(join(kit, 'MANIFEST.json.sig'), 'utf8')) as Record<string, string>;
    expect(sig).toMatchObject({ format: 'batchline-release-signature-2', appVersion: SOFTWARE_VERSION });
    const ok = await verify(signedCopy());
    expect(ok.out).toContain(`signed ${sig.signedAt} by key ${sig.keyFingerprint}`);
    expect(ok.out).not.toContain('NOT covered');
    expect(JSON.parse((await cli(['release', 'verify', '--kit', signedCopy(), '--public-key', pub, '--json'])).out)).toMatchObject({ signedAt: sig.signedAt, signedAtCovered: true });

    for (const [field, value] of [['signedAt', '2025-01-01T00:00:00.000Z'], ['signedAt', sig.signedAt!.replace(/\.\d+Z$/, 'Z')], ['appVersion', '9.9.9']] as const) {
      const k = signedCopy();
      writeFileSync(join(k, 'MANIFEST.json.sig'), JSON.stringify({ ...sig, [field]: value }, null, 2));
      const r = await verify(k);
      expect(r.code, `${field} ${value}`).toBe(1);
      expect(r.err).toContain('refused: RELEASE_SIGNATURE_INVALID: MANIFEST.json.sig: the signature over MANIFEST.json and what MANIFEST.json.sig states with it');
    }
    // Passed off as a format-1 signature (over the manifest bytes alone): the envelope's signature does not verify as one.
    const downgraded = signedCopy();
    const { appVersion: _v, ...v1 } = sig;
    writeFileSync(join(downgraded, 'MANIFEST.json.sig'), JSON.stringify({ ...v1, format: 'batchline-release-signature-1', signedAt: '2025-01-01T00:00:00.000Z' }));
    expect((await verify(downgraded)).err).toContain('refused: RELEASE_SIGNATURE_INVALID');
  });

  it('FR-126 a kit signed before signing times were signed (format 1) still verifies, its time shown as not covered by the signature; its files are held as before', async () => {
    const k = signedCopy();
    const manifest = readFileSync(join(k, 'MANIFEST.json'));
    const opened = openReleaseKey(readFileSync(key, 'utf8'), PASSPHRASE);
    if (!opened.ok) throw new Error(opened.error.message);
    const sig = JSON.parse(readFileSync(join(k, 'MANIFEST.json.sig'), 'utf8')) as Record<string, string>;
    const old = { format: 'batchline-release-signature-1', algorithm: sig.algorithm, keyFingerprint: sig.keyFingerprint, manifestSha256: sha256(manifest), signedAt: '2026-01-02T03:04:05.000Z', signature: signBytes(opened.value, manifest).toString('base64') };
    writeFileSync(join(k, 'MANIFEST.json.sig'), JSON.stringify(old, null, 2));
    const r = await verify(k);
    expect(r.code).toBe(0);
    expect(r.out).toContain('signed 2026-01-02T03:04:05.000Z (time NOT covered by the signature: a format-1 signature, made before signing times were signed)');
    expect(JSON.parse((await cli(['release', 'verify', '--kit', k, '--public-key', pub, '--json'])).out)).toMatchObject({ ok: true, signedAtCovered: false });
    appendFileSync(join(k, 'rtm.json'), ' ');
    expect((await verify(k)).err).toContain('refused: RELEASE_FILE_CHANGED: rtm.json');
  });

  it('FR-127 keygen encrypts the release key with 600,000 PBKDF2-HMAC-SHA-256 iterations (not OpenSSL\'s default 2048), which OpenSSL reads; a key made before still opens and signs, with a warning to re-encrypt it', async () => {
    const pem = readFileSync(key, 'utf8');
    expect(pbkdf2Iterations(pem)).toBe(600_000);
    // OpenSSL, not our code, reads the structure: PBES2, PBKDF2 with HMAC-SHA-256 at 0x927C0 (600,000), AES-256-CBC.
    const parsed = execFileSync('openssl', ['asn1parse', '-in', key], { encoding: 'utf8' });
    for (const word of ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc', 'INTEGER           :0927C0']) expect(parsed).toContain(word);
    expect(execFileSync('openssl', ['pkey', '-in', key, '-passin', `file:${join(dir, 'passphrase')}`, '-pubout'], { encoding: 'utf8' })).toBe(readFileSync(pub, 'utf8'));
    expect(() => execFileSync('openssl', ['pkey', '-in', key, '-passin', 'pass:wrong passphrase!', '-noout'], { stdio: 'pipe' })).toThrow();
    const rsa = join(dir, 'rsa-count.pem');
    expect((await cli(['release', 'keygen', '--type', 'rsa', '--out', rsa], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    expect(pbkdf2Iterations(readFileSync(rsa, 'utf8'))).toBe(600_000);

    // A key from before FR-127, as node:crypto exported it (OpenSSL's default count).
    const old = join(dir, 'old-release-key.pem');
    const pair = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    writeFileSync(old, pair.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'old-release-key.pub.pem'), pair.publicKey);
    expect(pbkdf2Iterations(pair.privateKey)).toBe(2048);
    const k = signedCopy();
    const signed = await cli(['release', 'sign', '--kit', k, '--key', old], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(signed.code).toBe(0);
    expect(signed.err).toContain('is encrypted with 2048 PBKDF2 iterations (a key made now: 600000); re-encrypt it');
    expect((await verify(k, join(dir, 'old-release-key.pub.pem'))).code).toBe(0);
    expect((await cli(['release', 'sign', '--kit', signedCopy(), '--key', key], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE })).err).not.toContain('warning');
  });
});
