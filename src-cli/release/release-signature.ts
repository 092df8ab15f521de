/**
 * The detached signature of a validation kit (COMPLIANCE A11-04, D25-10). The kit's MANIFEST.json
 * names the SHA-256 of every other kit file, hub-release.json among them (the hub bundle's
 * digests, hub-release.ts); MANIFEST.json.sig signs the manifest's exact bytes with the release
 * key. Verification trusts only the public key it is given, never anything in the kit, and
 * refuses, naming the file:
 *
 *   RELEASE_UNSIGNED           no MANIFEST.json.sig
 *   RELEASE_SIGNER_UNKNOWN     signed, but by another key than the trusted one
 *   RELEASE_SIGNATURE_INVALID  the manifest (or the signature file) changed after signing
 *   RELEASE_FILE_CHANGED       a kit file's bytes differ from the signed manifest
 *   RELEASE_FILE_MISSING       a file the signed manifest lists is gone
 *   RELEASE_FILE_UNLISTED      a file (or folder, or link) is there that the manifest does not list
 *
 * The signature is checked before the manifest is believed, and every file after it, so a
 * verified kit is exactly the files the key holder signed.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { algorithmOf, keyFingerprint, signBytes, verifyBytes } from './release-key.ts';
import { HUB_RELEASE_FILE, parseHubRelease } from './hub-release.ts';

export const MANIFEST_FILE = 'MANIFEST.json';
export const SIGNATURE_FILE = 'MANIFEST.json.sig';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const SignatureFileSchema = z.object({
  format: z.literal('batchline-release-signature-1'),
  algorithm: z.enum(['ed25519', 'rsa-pss-sha256']),
  keyFingerprint: Sha256,
  manifestSha256: Sha256,
  signedAt: z.string(),
  signature: z.string().regex(/^[A-Za-z0-9+/]+=*$/),
});
export type ReleaseSignatureFile = z.infer<typeof SignatureFileSchema>;

/** Kit file names are plain names in the kit folder: nothing a manifest names can point outside it. */
const KIT_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const KitManifestSchema = z.object({
  kit: z.literal('batchline-validation-kit'),
  appVersion: z.string(),
  files: z.record(z.string().regex(KIT_FILE_NAME), Sha256),
});
export type SignedKitManifest = z.infer<typeof KitManifestSchema>;

export interface KitProblem {
  readonly code: ErrorCode;
  readonly file: string;
  readonly message: string;
}

export interface VerifiedKit {
  readonly manifest: SignedKitManifest;
  readonly manifestSha256: string;
  readonly keyFingerprint: string;
  readonly signedAt: string;
}

/** Signs a kit whose files match its manifest; a kit that does not is not signed. */
export function signKit(kitDir: string, key: KeyObject, now: Date = new Date()): Result<ReleaseSignatureFile> {
  return unreadableAsError(kitDir, () => signReadableKit(kitDir, key, now));
}

function signReadableKit(kitDir: string, key: KeyObject, now: Date): Result<ReleaseSignatureFile> {
  const manifestPath = join(kitDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return err('RELEASE_FILE_MISSING', `${MANIFEST_FILE}: no validation kit in ${kitDir} (batchline validation-kit --out ${kitDir})`, { file: MANIFEST_FILE });
  const bytes = readFileSync(manifestPath);
  const manifest = parseKitManifest(bytes);
  if (!manifest.ok) return manifest;
  if (!Object.hasOwn(manifest.value.files, HUB_RELEASE_FILE)) return err('INPUT_INVALID', `${MANIFEST_FILE} lists no ${HUB_RELEASE_FILE}: the kit does not name the hub bundle; make it again with this version`, { file: MANIFEST_FILE });
  const problems = kitFileProblems(kitDir, manifest.value);
  if (problems.length > 0) return problemsError(problems);
  const hub = parseHubRelease(readFileSync(join(kitDir, HUB_RELEASE_FILE), 'utf8'));
  if (!hub.ok) return hub;
  const algorithm = algorithmOf(key);
  if (algorithm === null) return err('RELEASE_KEY_INVALID', 'this key cannot sign releases');
  const signature: ReleaseSignatureFile = {
    format: 'batchline-release-signature-1',
    algorithm,
    keyFingerprint: keyFingerprint(key),
    manifestSha256: sha256(bytes),
    signedAt: now.toISOString(),
    signature: signBytes(key, bytes).toString('base64'),
  };
  writeFileSync(join(kitDir, SIGNATURE_FILE), JSON.stringify(signature, null, 2) + '\n');
  return ok(signature);
}

/** Verifies a kit against the trusted release public key; every problem is named in `details.problems`. */
export function verifyKit(kitDir: string, trusted: KeyObject): Result<VerifiedKit> {
  return unreadableAsError(kitDir, () => verifyReadableKit(kitDir, trusted));
}

/** A kit file that cannot be read (permissions, a folder where a file should be) is a refusal, not a crash. */
function unreadableAsError<T>(kitDir: string, run: () => Result<T>): Result<T> {
  try {
    return run();
  } catch (e) {
    return err('IO_ERROR', `the kit in ${kitDir} cannot be read: ${(e as Error).message}`);
  }
}

function verifyReadableKit(kitDir: string, trusted: KeyObject): Result<VerifiedKit> {
  const manifestPath = join(kitDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return err('RELEASE_FILE_MISSING', `${MANIFEST_FILE}: no validation kit in ${kitDir}`, { file: MANIFEST_FILE });
  const sigPath = join(kitDir, SIGNATURE_FILE);
  if (!existsSync(sigPath)) return err('RELEASE_UNSIGNED', `${SIGNATURE_FILE}: the kit in ${kitDir} is not signed`, { file: SIGNATURE_FILE });
  const bytes = readFileSync(manifestPath);
  let sig: ReleaseSignatureFile;
  try {
    const parsed = SignatureFileSchema.safeParse(JSON.parse(readFileSync(sigPath, 'utf8')));
    if (!parsed.success) return err('RELEASE_SIGNATURE_INVALID', `${SIGNATURE_FILE} is not a release signature`, { file: SIGNATURE_FILE });
    sig = parsed.data;
  } catch {
    return err('RELEASE_SIGNATURE_INVALID', `${SIGNATURE_FILE} is not JSON`, { file: SIGNATURE_FILE });
  }
  const trustedFingerprint = keyFingerprint(trusted);
  if (!verifyBytes(trusted, sig.algorithm, bytes, Buffer.from(sig.signature, 'base64'))) {
    // Only the cryptographic check decides; the fields below only say what went wrong.
    if (sig.keyFingerprint !== trustedFingerprint) return err('RELEASE_SIGNER_UNKNOWN', `${SIGNATURE_FILE}: signed by key ${sig.keyFingerprint}, not by the release key ${trustedFingerprint}`, { file: SIGNATURE_FILE, signedBy: sig.keyFingerprint, trusted: trustedFingerprint });
    const actual = sha256(bytes);
    if (actual !== sig.manifestSha256) return err('RELEASE_SIGNATURE_INVALID', `${MANIFEST_FILE} was changed after it was signed (it hashes to ${actual}, it was signed as ${sig.manifestSha256})`, { file: MANIFEST_FILE });
    return err('RELEASE_SIGNATURE_INVALID', `${SIGNATURE_FILE}: the signature over ${MANIFEST_FILE} does not verify with the release key ${trustedFingerprint}`, { file: SIGNATURE_FILE });
  }
  const manifest = parseKitManifest(bytes);
  if (!manifest.ok) return manifest;
  const problems = kitFileProblems(kitDir, manifest.value);
  if (problems.length > 0) return problemsError(problems);
  return ok({ manifest: manifest.value, manifestSha256: sha256(bytes), keyFingerprint: trustedFingerprint, signedAt: sig.signedAt });
}

function parseKitManifest(bytes: Buffer): Result<SignedKitManifest> {
  try {
    const parsed = KitManifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) return err('INPUT_INVALID', `${MANIFEST_FILE} is not a validation kit manifest: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`, { file: MANIFEST_FILE });
    const reserved = Object.keys(parsed.data.files).find((f) => f === MANIFEST_FILE || f === SIGNATURE_FILE);
    if (reserved) return err('INPUT_INVALID', `${MANIFEST_FILE} lists ${reserved}, which cannot hash itself`, { file: MANIFEST_FILE });
    return ok(parsed.data);
  } catch (e) {
    return err('INPUT_INVALID', `${MANIFEST_FILE} is not JSON: ${(e as Error).message}`, { file: MANIFEST_FILE });
  }
}

/** Every file against the manifest: changed, missing, and anything present it does not list. */
function kitFileProblems(kitDir: string, manifest: SignedKitManifest): KitProblem[] {
  const problems: KitProblem[] = [];
  for (const [name, hash] of Object.entries(manifest.files)) {
    const path = join(kitDir, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      problems.push({ code: 'RELEASE_FILE_MISSING', file: name, message: `${name}: listed in the signed manifest, not in the kit` });
      continue;
    }
    if (!st.isFile()) {
      problems.push({ code: 'RELEASE_FILE_CHANGED', file: name, message: `${name}: not a plain file (a link or a folder stands where the signed file was)` });
      continue;
    }
    const actual = sha256(readFileSync(path));
    if (actual !== hash) problems.push({ code: 'RELEASE_FILE_CHANGED', file: name, message: `${name}: hashes to ${actual}, the signed manifest says ${hash}` });
  }
  for (const name of readdirSync(kitDir).sort()) {
    if (name === MANIFEST_FILE || name === SIGNATURE_FILE || Object.hasOwn(manifest.files, name)) continue;
    problems.push({ code: 'RELEASE_FILE_UNLISTED', file: name, message: `${name}: in the kit, not in the signed manifest` });
  }
  return problems;
}

function problemsError(problems: KitProblem[]): Result<never> {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 6).map((p) => p.file).join(', ')}${problems.length > 6 ? ', …' : ''})` : '';
  return err(first.code, `${first.message}${more}`, { file: first.file, problems });
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
