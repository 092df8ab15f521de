/**
 * Signed releases (COMPLIANCE A11-04, D25-10; docs/it-guide.md "Signing and verifying a release"):
 *
 *   batchline release keygen --out release-key.pem [--public-out F] [--type ed25519|rsa] [--passphrase-file F]
 *   batchline release sign --kit DIR --key release-key.pem [--passphrase-file F]
 *   batchline release verify --kit DIR --public-key release-key.pub.pem [--json]
 *
 * The passphrase comes from --passphrase-file or BATCHLINE_RELEASE_PASSPHRASE, never from an
 * argument. `verify` needs only the public key, so a separate CI job or a plant's IT runs it.
 * Exit 0 when done or verified, 1 when refused (the typed code and the file on stderr), 2 usage.
 */
import type { Command } from 'commander';
import { refuseIn, refuseUsage, say } from '../cli-words.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure, refusalText } from '../cli-io.ts';
import { generateReleaseKey, MIN_PASSPHRASE_LENGTH, openReleaseKey, pbkdf2Iterations, RELEASE_KEY_PBKDF2_ITERATIONS, readPublicKey, releasePassphrase, RELEASE_KEY_TYPES, type ReleaseKeyType } from '../release/release-key.ts';
import { signKit, verifyKit, SIGNATURE_FILE, type KitProblem } from '../release/release-signature.ts';

interface KeygenOptions {
  out?: string;
  publicOut?: string;
  type: string;
  passphraseFile?: string;
}

interface SignOptions {
  kit?: string;
  key?: string;
  passphraseFile?: string;
}

interface VerifyOptions {
  kit?: string;
  publicKey?: string;
  json?: boolean;
}

export function registerReleaseCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const release = program.command('release').description('sign a validation kit with the release key, and verify a signed kit (A11-04)');
  release
    .command('keygen')
    .description('make the release signing key: encrypted PKCS#8 (passphrase: --passphrase-file or BATCHLINE_RELEASE_PASSPHRASE) and its public key')
    .option('--out <file>', 'the private key file to write (mode 0600; never overwritten)')
    .option('--public-out <file>', 'the public key file (default: beside --out, .pub.pem)')
    .option('--type <type>', `key type: ${RELEASE_KEY_TYPES.join(' or ')}`, 'ed25519')
    .option('--passphrase-file <file>', "a file whose first line is the key's passphrase")
    .action((opts: KeygenOptions) => setExit(runKeygen(opts, io)));
  release
    .command('sign')
    .description('sign a validation kit: MANIFEST.json.sig, a detached signature over MANIFEST.json')
    .option('--kit <dir>', 'the kit folder (batchline validation-kit --out DIR)')
    .option('--key <file>', 'the release private key (encrypted PKCS#8)')
    .option('--passphrase-file <file>', "a file whose first line is the key's passphrase")
    .action((opts: SignOptions) => setExit(runSign(opts, io)));
  release
    .command('verify')
    .description('verify a signed kit against the release public key: the signature, then every file')
    .option('--kit <dir>', 'the kit folder')
    .option('--public-key <file>', 'the release public key (SPKI PEM) you trust')
    .option('--json', 'print the result as JSON')
    .action((opts: VerifyOptions) => setExit(runVerify(opts, io)));
}

export function runKeygen(opts: KeygenOptions, io: CliIo): number {
  if (!opts.out) return refuseUsage(io, 'releaseGiveOut');
  if (!(RELEASE_KEY_TYPES as readonly string[]).includes(opts.type)) return refuseUsage(io, 'releaseTypeInvalid', { types: RELEASE_KEY_TYPES.join(', ') });
  const publicOut = opts.publicOut ?? `${opts.out.replace(/\.pem$/, '')}.pub.pem`;
  for (const f of [opts.out, publicOut]) if (existsSync(f)) return refuseIn(io, 'FILE_EXISTS', 'releaseKeyExists', { path: f }, EXIT_USAGE);
  const passphrase = releasePassphrase(io, opts.passphraseFile);
  if (!passphrase.ok) return printFailure(io, io.json, passphrase.error, EXIT_USAGE);
  if (passphrase.value.length < MIN_PASSPHRASE_LENGTH) return refuseIn(io, 'RELEASE_KEY_INVALID', 'releasePassphraseShort', { count: MIN_PASSPHRASE_LENGTH }, EXIT_USAGE);
  const key = generateReleaseKey(opts.type as ReleaseKeyType, passphrase.value);
  writeFileSync(opts.out, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicOut, key.publicKeyPem, { flag: 'wx' });
  io.out(say(io, 'releaseKeyWritten', { type: opts.type, path: opts.out, publicPath: publicOut }));
  io.out(say(io, 'releaseKeyFingerprint', { fingerprint: key.fingerprint }));
  io.err(say(io, 'releaseKeyAdvice'));
  return EXIT_OK;
}

export function runSign(opts: SignOptions, io: CliIo): number {
  if (!opts.kit) return refuseUsage(io, 'releaseGiveKit');
  if (!opts.key) return refuseUsage(io, 'releaseGiveKey');
  if (!existsSync(opts.key)) return refuseIn(io, 'FILE_NOT_FOUND', 'releaseNoKey', { path: opts.key }, EXIT_USAGE);
  const passphrase = releasePassphrase(io, opts.passphraseFile);
  if (!passphrase.ok) return printFailure(io, io.json, passphrase.error, EXIT_USAGE);
  const pem = readFileSync(opts.key, 'utf8');
  const key = openReleaseKey(pem, passphrase.value);
  if (!key.ok) return refused(io, false, key.error);
  // FR-127: a key made before the PBKDF2 count was raised still signs; it should be re-encrypted.
  const iterations = pbkdf2Iterations(pem);
  if (iterations !== null && iterations < RELEASE_KEY_PBKDF2_ITERATIONS) {
    io.err(say(io, 'releaseOldPbkdf2', { path: opts.key, iterations, now: RELEASE_KEY_PBKDF2_ITERATIONS }));
  }
  io.err(say(io, 'releaseSignChecking', { kit: opts.kit }));
  const signed = signKit(opts.kit, key.value);
  if (!signed.ok) return refused(io, false, signed.error);
  io.out(say(io, 'releaseSigned', { kit: opts.kit, sha: signed.value.manifestSha256, algorithm: signed.value.algorithm, fingerprint: signed.value.keyFingerprint }));
  io.out(say(io, 'releaseSignatureFile', { path: `${opts.kit}/${SIGNATURE_FILE}` }));
  return EXIT_OK;
}

export function runVerify(opts: VerifyOptions, io: CliIo): number {
  if (!opts.kit) return refuseUsage(io, 'releaseGiveKit');
  if (!opts.publicKey) return refuseUsage(io, 'giveTrustedPublicKey');
  if (!existsSync(opts.kit)) return refuseIn(io, 'FILE_NOT_FOUND', 'releaseNoKit', { path: opts.kit }, EXIT_USAGE);
  const trusted = readPublicKey(opts.publicKey);
  if (!trusted.ok) return printFailure(io, io.json, trusted.error, EXIT_USAGE);
  io.err(say(io, 'releaseVerifying', { kit: opts.kit, key: opts.publicKey }));
  const verified = verifyKit(opts.kit, trusted.value);
  if (!verified.ok) return refused(io, opts.json, verified.error);
  const v = verified.value;
  if (opts.json) io.out(JSON.stringify({ ok: true, appVersion: v.manifest.appVersion, manifestSha256: v.manifestSha256, keyFingerprint: v.keyFingerprint, signedAt: v.signedAt, signedAtCovered: v.signedAtCovered, files: v.manifest.files }));
  else {
    // FR-126: a kit signed before the signing time was signed says so beside the time it states.
    const verified = { version: v.manifest.appVersion, files: Object.keys(v.manifest.files).length, at: v.signedAt, fingerprint: v.keyFingerprint };
    io.out(say(io, v.signedAtCovered ? 'releaseVerified' : 'releaseVerifiedUncovered', verified));
    io.out(say(io, 'releaseManifestLine', { sha: v.manifestSha256 }));
  }
  return EXIT_OK;
}

/** The code and message; each further problem (a kit with several changed files) on its own line. */
function refused(io: CliIo, json: boolean | undefined, error: { code: string; message: string; details?: Record<string, unknown> }): number {
  const problems = (error.details?.problems as KitProblem[] | undefined) ?? [];
  if (json) return printFailure(io, true, error, EXIT_FAILED);
  io.err(say(io, 'refused', { refusal: refusalText(io, error) }));
  for (const p of problems.slice(1)) io.err(say(io, 'problemLine', { refusal: refusalText(io, p) }));
  return EXIT_FAILED;
}

