/**
 * The detached signature of a validation kit (COMPLIANCE A11-04, D25-10). The kit's MANIFEST.json
 * names the SHA-256 of every other kit file, hub-release.json among them (the hub bundle's
 * digests, hub-release.ts). MANIFEST.json.sig (format 2, FR-126) signs an envelope: the canonical
 * JSON (RFC 8785) of everything the verifier shows besides the manifest itself — the format, the
 * algorithm, the key's fingerprint, the manifest's SHA-256, the kit's version and the signing time
 * — so none of them can be changed after signing. Format 1 (kits signed before FR-126) signed the
 * manifest's bytes alone: its files are as authentic as ever, but its signing time is only what
 * the file states; such a kit verifies with `signedAtCovered: false`, which `release verify` and
 * `hub iq` print beside the time (refusing it would fail the IQ of every release signed before,
 * whose files the signature still proves). A format-2 signature is over the envelope, never over
 * manifest bytes, so a kit signed now cannot be passed off as format 1.
 * Verification trusts only the public key it is given, never anything in the kit, and
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
import canonicalize from 'canonicalize';
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
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/);
const Algorithm = z.enum(['ed25519', 'rsa-pss-sha256']);
/** Format 1 (before FR-126): the signature covers MANIFEST.json's bytes, not the fields beside it. */
const SignatureFileV1Schema = z.object({
  format: z.literal('batchline-release-signature-1'),
  algorithm: Algorithm,
  keyFingerprint: Sha256,
  manifestSha256: Sha256,
  signedAt: z.string(),
  signature: Base64,
});
/** Format 2 (FR-126): the signed envelope — every field but `signature` is signed. */
const SignedEnvelopeSchema = z.object({
  format: z.literal('batchline-release-signature-2'),
  algorithm: Algorithm,
  keyFingerprint: Sha256,
  manifestSha256: Sha256,
  appVersion: z.string(),
  signedAt: z.iso.datetime(),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelopeSchema>;
const SignatureFileV2Schema = SignedEnvelopeSchema.extend({ signature: Base64 });
const SignatureFileSchema = z.discriminatedUnion('format', [SignatureFileV1Schema, SignatureFileV2Schema]);
export type ReleaseSignatureFile = z.infer<typeof SignatureFileSchema>;

/** The bytes a format-2 signature signs: the envelope's canonical JSON (RFC 8785). */
export function envelopeBytes(envelope: SignedEnvelope): Buffer {
  const { format, algorithm, keyFingerprint, manifestSha256, appVersion, signedAt } = envelope;
  return Buffer.from(canonicalize({ format, algorithm, keyFingerprint, manifestSha256, appVersion, signedAt })!, 'utf8');
}

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
  /** False for a format-1 kit: its signing time is as the signature file states it, not signed. */
  readonly signedAtCovered: boolean;
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
  const envelope: SignedEnvelope = {
    format: 'batchline-release-signature-2',
    algorithm,
    keyFingerprint: keyFingerprint(key),
    manifestSha256: sha256(bytes),
    appVersion: manifest.value.appVersion,
    signedAt: now.toISOString(),
  };
  const signature: ReleaseSignatureFile = { ...envelope, signature: signBytes(key, envelopeBytes(envelope)).toString('base64') };
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
  const actual = sha256(bytes);
  const v2 = sig.format === 'batchline-release-signature-2' ? sig : null;
  if (!verifyBytes(trusted, sig.algorithm, v2 ? envelopeBytes(v2) : bytes, Buffer.from(sig.signature, 'base64'))) {
    // Only the cryptographic check decides; the fields below only say what went wrong.
    if (sig.keyFingerprint !== trustedFingerprint) return err('RELEASE_SIGNER_UNKNOWN', `${SIGNATURE_FILE}: signed by key ${sig.keyFingerprint}, not by the release key ${trustedFingerprint}`, { file: SIGNATURE_FILE, signedBy: sig.keyFingerprint, trusted: trustedFingerprint });
    if (!v2 && actual !== sig.manifestSha256) return err('RELEASE_SIGNATURE_INVALID', `${MANIFEST_FILE} was changed after it was signed (it hashes to ${actual}, it was signed as ${sig.manifestSha256})`, { file: MANIFEST_FILE });
    const what = v2 ? ` and what ${SIGNATURE_FILE} states with it (the signing time ${v2.signedAt}, the version ${v2.appVersion}, the manifest hash)` : '';
    return err('RELEASE_SIGNATURE_INVALID', `${SIGNATURE_FILE}: the signature over ${MANIFEST_FILE}${what} does not verify with the release key ${trustedFingerprint}`, { file: SIGNATURE_FILE });
  }
  // Format 2: the signature holds for the envelope; the manifest must be the one it names.
  if (actual !== sig.manifestSha256) return err('RELEASE_SIGNATURE_INVALID', `${MANIFEST_FILE} was changed after it was signed (it hashes to ${actual}, it was signed as ${sig.manifestSha256})`, { file: MANIFEST_FILE });
  const manifest = parseKitManifest(bytes);
  if (!manifest.ok) return manifest;
  if (v2 && manifest.value.appVersion !== v2.appVersion) return err('RELEASE_SIGNATURE_INVALID', `${MANIFEST_FILE} names version ${manifest.value.appVersion}, the signature ${v2.appVersion}`, { file: MANIFEST_FILE });
  const problems = kitFileProblems(kitDir, manifest.value);
  if (problems.length > 0) return problemsError(problems);
  return ok({ manifest: manifest.value, manifestSha256: actual, keyFingerprint: trustedFingerprint, signedAt: sig.signedAt, signedAtCovered: v2 !== null });
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
