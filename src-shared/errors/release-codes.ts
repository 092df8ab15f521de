// Owned by the release area (src-cli/release: signed validation kits, `hub iq`). Add codes here,
// never rename shipped ones: CI logs and IQ reports of plants name them.
export const RELEASE_ERROR_CODES = [
  // The release signing key cannot be opened: wrong passphrase, or not an encrypted PKCS#8 key.
  'RELEASE_KEY_INVALID',
  // The kit has no signature over its manifest.
  'RELEASE_UNSIGNED',
  // The signature over MANIFEST.json does not verify: the manifest was edited after signing,
  // or the signature file was.
  'RELEASE_SIGNATURE_INVALID',
  // The kit was signed by a key other than the release key the verifier trusts.
  'RELEASE_SIGNER_UNKNOWN',
  // A kit file's SHA-256 differs from the signed manifest; a listed file is gone; a file is
  // there that the manifest does not list.
  'RELEASE_FILE_CHANGED',
  'RELEASE_FILE_MISSING',
  'RELEASE_FILE_UNLISTED',
  // `hub iq`: the installed hub's files (bundle, migrations, console) differ from the release's.
  'HUB_INSTALL_MISMATCH',
  // `hub iq`: a source the bundle was built from is newer than it, so the next start runs other code.
  'HUB_BUNDLE_STALE',
  // `hub iq`: the database's applied migrations are not exactly the release's.
  'HUB_MIGRATIONS_MISMATCH',
] as const;
