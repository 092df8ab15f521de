/**
 * How an entry gets its hash and its place in the chain. Pure: the ledger store calls
 * buildEntry inside its write transaction; the verifier and the hub call entryHash to check.
 */
import { hash } from 'node:crypto';
import type { LedgerEntry, LedgerHead, NewEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { GENESIS_PREV_HASH } from '../../src-shared/ledger/ledger-entry.ts';
import { payloadSchemaOf } from '../../src-shared/ledger/entry-types.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { canonicalJson, canonicalJsonOfKeys } from './canonical-json.ts';

export type UnhashedEntry = Omit<LedgerEntry, 'hash'>;

/** The fields an entry's hash covers, in canonical order (sorted by UTF-16 code units, as RFC 8785 sorts). */
const HASHED_FIELDS: readonly string[] = ['seq', 'stationId', 'time', 'tzOffset', 'type', 'actor', 'batchRef', 'payload', 'prevHash'].sort();
const HASHED: ReadonlySet<string> = new Set(HASHED_FIELDS);

/** SHA-256 over the RFC 8785 canonical JSON of every field except `hash`. */
export function entryHash(entry: UnhashedEntry | LedgerEntry): string {
  // One-shot hash: no Hash object per entry (verify hashes every entry of the ledger).
  return hash('sha256', canonicalEntry(entry), 'hex');
}

/**
 * The canonical JSON of every field except `hash`. An entry with exactly the ledger's fields
 * (every entry the station writes and the hub receives, its schema allows no other) is written
 * in their known order, without copying it to drop `hash` and sorting its keys; anything else
 * (an extra or a missing field, which the hash then covers as it is) by the general writer.
 */
function canonicalEntry(entry: UnhashedEntry | LedgerEntry): string {
  let hashed = 0;
  let other = false;
  for (const k of Object.keys(entry)) {
    if (HASHED.has(k)) hashed++;
    else if (k !== 'hash') other = true;
  }
  const known = !other && hashed === HASHED_FIELDS.length ? canonicalJsonOfKeys(entry as unknown as Record<string, unknown>, HASHED_FIELDS) : undefined;
  if (known !== undefined) return known;
  const { hash: _ignored, ...rest } = entry as LedgerEntry;
  return canonicalJson(rest);
}

/**
 * Checks a requested entry before anything is written: known type, payload valid for its
 * schema, JSON-safe. Returns the payload as the schema parsed it (unknown keys are refused,
 * not silently dropped: the record must hold exactly what was asked to be recorded).
 */
export function validateNewEntry(input: NewEntry): Result<NewEntry> {
  const schema = payloadSchemaOf(input.type);
  if (!schema) return err('ENTRY_TYPE_UNKNOWN', `unknown ledger entry type "${input.type}"`, { type: input.type });
  if (input.payload === null || typeof input.payload !== 'object' || Array.isArray(input.payload)) {
    return err('ENTRY_PAYLOAD_INVALID', `payload of ${input.type} must be an object`);
  }
  const parsed = schema.safeParse(input.payload);
  if (!parsed.success) {
    return err('ENTRY_PAYLOAD_INVALID', `invalid ${input.type} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, {
      type: input.type,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const extra = Object.keys(input.payload).filter((k) => !(k in parsed.data));
  if (extra.length > 0) {
    return err('ENTRY_PAYLOAD_INVALID', `unexpected field(s) in ${input.type} payload: ${extra.join(', ')}`, { type: input.type, fields: extra });
  }
  try {
    canonicalJson(input.payload);
  } catch (e) {
    return err('ENTRY_PAYLOAD_INVALID', `payload of ${input.type} is not JSON-safe: ${(e as Error).message}`);
  }
  return ok(input);
}

export interface EntryContext {
  stationId: string;
  time: string;
  tzOffset: string;
}

/** The next entry after `prev` (null for an empty ledger). */
export function buildEntry(prev: LedgerHead | null, input: NewEntry, ctx: EntryContext): LedgerEntry {
  const unhashed: UnhashedEntry = {
    seq: (prev?.seq ?? 0) + 1,
    stationId: ctx.stationId,
    time: ctx.time,
    tzOffset: ctx.tzOffset,
    type: input.type,
    actor: input.actor,
    batchRef: input.batchRef ?? null,
    payload: input.payload,
    prevHash: prev?.hash ?? GENESIS_PREV_HASH,
  };
  return { ...unhashed, hash: entryHash(unhashed) };
}
