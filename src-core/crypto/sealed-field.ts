/**
 * A secret kept in a database column, sealed under a key that is NOT in the database
 * (the station secret, the hub secret): AES-256-GCM with a key derived by HKDF-SHA256 per
 * purpose, and the row's identity as additional data, so that a copied database alone does
 * not give away a user's TOTP seed or a robot's webhook secret, an edited byte is detected, and
 * a sealed value moved to another row (another user, another channel) does not open there.
 *
 * Stored form: `sealed:v1:<iv>:<tag>:<ciphertext>` (base64url). A value without the prefix is a
 * plaintext from before sealing existed; `openField` reports it as such so the caller can seal
 * it in place (the upgrade happens once, when the store opens).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../src-shared/result.ts';

const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type FieldKey = { readonly key: Buffer; readonly purpose: string };

/** One key per purpose ("station/user-mfa", "hub/notify-channel"), derived from the outside secret. */
export function fieldKey(outsideSecret: string, purpose: string): FieldKey {
  if (outsideSecret.length < 16) throw new Error('the secret that seals database fields must be at least 16 characters');
  return { key: Buffer.from(hkdfSync('sha256', outsideSecret, 'batchline-sealed-field', purpose, 32)), purpose };
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** `rowId` binds the value to its row (user id, channel id): it is authenticated, not stored. */
export function sealField(k: FieldKey, plaintext: string, rowId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${k.purpose}\u0000${rowId}`));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
}

export type OpenedField = { value: string; legacyPlaintext: boolean };

/**
 * The plaintext, or FIELD_SEAL_BROKEN when the stored value was edited, moved from another row,
 * or sealed under another outside secret (a database restored next to the wrong secret).
 */
export function openField(k: FieldKey, stored: string, rowId: string): Result<OpenedField> {
  if (!isSealed(stored)) return ok({ value: stored, legacyPlaintext: true });
  const parts = stored.slice(PREFIX.length).split(':');
  if (parts.length !== 3) return err('FIELD_SEAL_BROKEN', `the sealed ${k.purpose} value of ${rowId} is malformed`, { purpose: k.purpose, rowId });
  const [iv, tag, ct] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return err('FIELD_SEAL_BROKEN', `the sealed ${k.purpose} value of ${rowId} is malformed`, { purpose: k.purpose, rowId });
  try {
    const d = createDecipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(`${k.purpose}\u0000${rowId}`));
    d.setAuthTag(tag);
    return ok({ value: Buffer.concat([d.update(ct), d.final()]).toString('utf8'), legacyPlaintext: false });
  } catch {
    return err('FIELD_SEAL_BROKEN', `the sealed ${k.purpose} value of ${rowId} does not open: edited, moved from another row, or sealed under another secret`, { purpose: k.purpose, rowId });
  }
}
