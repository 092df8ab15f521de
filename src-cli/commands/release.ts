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
  if (!opts.out) return usage(io, 'give the private key file with --out');
  if (!(RELEASE_KEY_TYPES as readonly string[]).includes(opts.type)) return usage(io, `--type must be one of ${RELEASE_KEY_TYPES.join(', ')}`);
  const publicOut = opts.publicOut ?? `${opts.out.replace(/\.pem$/, '')}.pub.pem`;
  for (const f of [opts.out, publicOut]) if (existsSync(f)) return usage(io, `${f} exists: a release key is never overwritten`);
  const passphrase = releasePassphrase(io, opts.passphraseFile);
  if (!passphrase.ok) return usage(io, passphrase.error.message);
  if (passphrase.value.length < MIN_PASSPHRASE_LENGTH) return usage(io, `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const key = generateReleaseKey(opts.type as ReleaseKeyType, passphrase.value);
  writeFileSync(opts.out, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicOut, key.publicKeyPem, { flag: 'wx' });
  io.out(`release key (${opts.type}) written to ${opts.out} (encrypted), public key to ${publicOut}`);
  io.out(`public key fingerprint (SHA-256 of its DER): ${key.fingerprint}`);
  io.err('keep the private key and its passphrase in the release job\'s secret store; publish the public key and its fingerprint');
  return EXIT_OK;
}

export function runSign(opts: SignOptions, io: CliIo): number {
  if (!opts.kit) return usage(io, 'give the kit folder with --kit');
  if (!opts.key) return usage(io, 'give the release private key with --key');
  if (!existsSync(opts.key)) return usage(io, `no key at ${opts.key}`);
  const passphrase = releasePassphrase(io, opts.passphraseFile);
  if (!passphrase.ok) return usage(io, passphrase.error.message);
  const pem = readFileSync(opts.key, 'utf8');
  const key = openReleaseKey(pem, passphrase.value);
  if (!key.ok) return refused(io, false, key.error);
  // FR-127: a key made before the PBKDF2 count was raised still signs; it should be re-encrypted.
  const iterations = pbkdf2Iterations(pem);
  if (iterations !== null && iterations < RELEASE_KEY_PBKDF2_ITERATIONS) {
    io.err(`warning: ${opts.key} is encrypted with ${iterations} PBKDF2 iterations (a key made now: ${RELEASE_KEY_PBKDF2_ITERATIONS}); re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter ${RELEASE_KEY_PBKDF2_ITERATIONS} -in ${opts.key} -out NEW.pem`);
  }
  io.err(`release sign: checking ${opts.kit} against its manifest…`);
  const signed = signKit(opts.kit, key.value);
  if (!signed.ok) return refused(io, false, signed.error);
  io.out(`signed ${opts.kit}/MANIFEST.json (SHA-256 ${signed.value.manifestSha256}) with ${signed.value.algorithm} key ${signed.value.keyFingerprint}`);
  io.out(`signature: ${opts.kit}/${SIGNATURE_FILE}`);
  return EXIT_OK;
}

export function runVerify(opts: VerifyOptions, io: CliIo): number {
  if (!opts.kit) return usage(io, 'give the kit folder with --kit');
  if (!opts.publicKey) return usage(io, 'give the release public key you trust with --public-key');
  if (!existsSync(opts.kit)) return usage(io, `no kit folder at ${opts.kit}`);
  const trusted = readPublicKey(opts.publicKey);
  if (!trusted.ok) return usage(io, trusted.error.message);
  io.err(`release verify: ${opts.kit} against key ${opts.publicKey}…`);
  const verified = verifyKit(opts.kit, trusted.value);
  if (!verified.ok) return refused(io, opts.json, verified.error);
  const v = verified.value;
  if (opts.json) io.out(JSON.stringify({ ok: true, appVersion: v.manifest.appVersion, manifestSha256: v.manifestSha256, keyFingerprint: v.keyFingerprint, signedAt: v.signedAt, signedAtCovered: v.signedAtCovered, files: v.manifest.files }));
  else {
    // FR-126: a kit signed before the signing time was signed says so beside the time it states.
    const when = v.signedAtCovered ? `signed ${v.signedAt}` : `signed ${v.signedAt} (time NOT covered by the signature: a format-1 signature, made before signing times were signed)`;
    io.out(`VERIFIED: batchline ${v.manifest.appVersion} kit, ${Object.keys(v.manifest.files).length} files match MANIFEST.json, ${when} by key ${v.keyFingerprint}`);
    io.out(`${v.manifestSha256}  MANIFEST.json (compare with the release notes)`);
  }
  return EXIT_OK;
}

/** The code and message; each further problem (a kit with several changed files) on its own line. */
function refused(io: CliIo, json: boolean | undefined, error: { code: string; message: string; details?: Record<string, unknown> }): number {
  const problems = (error.details?.problems as KitProblem[] | undefined) ?? [];
  if (json) return printFailure(io, true, error, EXIT_FAILED);
  io.err(`refused: ${refusalText(io, error)}`);
  for (const p of problems.slice(1)) io.err(`  ${refusalText(io, p)}`);
  return EXIT_FAILED;
}

function usage(io: CliIo, message: string): number {
  io.err(message);
  return EXIT_USAGE;
}
