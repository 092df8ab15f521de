/**
 * Revocation lists down (issue 10 item 7): at every sync round the station asks the hub for
 * its CA's revocation list over the authenticated channel, believes it only if it is signed by
 * the hub CA pinned at enrolment and newer than the one it holds, and records it in the ledger
 * (`certificate.revocations_received`) when what it says has changed. The projection marks
 * the certificates it names, and signing checks that mark locally: the signing path itself
 * never calls the network.
 */
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { readRevocationList } from '../../src-core/pki/revocation-list.ts';
import type { Ledger } from '../../src-core/ledger/ledger-ports.ts';
import type { HubClient } from './hub-client.ts';

export interface RevocationsPulled {
  /** The entry recorded, or null when the list said nothing new. */
  recorded: LedgerEntry | null;
  crlNumber: string;
  revoked: number;
}

interface Recorded {
  crlNumber: string;
  revoked: { serialNumber: string; revokedAt: string }[];
}

export function latestRevocationList(ledger: Ledger): Recorded | null {
  const last = ledger.query({ types: ['certificate.revocations_received'], limit: Number.MAX_SAFE_INTEGER }).at(-1);
  return last ? (last.payload as unknown as Recorded) : null;
}

/**
 * `noteVerified`: told of every list that verified (recorded or not), so the age limit on the
 * station's revocation knowledge (P11-30, FR-102) counts from the newest list it checked.
 */
export async function pullRevocations(ledger: Ledger, client: HubClient, hubCaCertPem: string, noteVerified?: (crlNumber: string, thisUpdate: string) => void): Promise<Result<RevocationsPulled>> {
  const got = await client.revocations();
  if (!got.ok) return got;
  const list = readRevocationList(got.value.crlPem, hubCaCertPem);
  if (!list.ok) return list;
  const l = list.value;
  const held = latestRevocationList(ledger);
  const revoked = l.revoked.map((r) => ({ serialNumber: r.serialNumber, revokedAt: r.revokedAt.toISOString(), ...(r.reason !== undefined && { reason: r.reason }) }));
  const key = (rs: { serialNumber: string; revokedAt: string }[]) => rs.map((r) => `${r.serialNumber}@${r.revokedAt}`).sort().join(',');
  // An older list saying the same (another hub process's copy) is harmless; an older list that
  // says something else is a replay or a rollback and is refused.
  if (held && BigInt(l.number) < BigInt(held.crlNumber) && key(held.revoked) !== key(revoked)) {
    return err('CERTIFICATE_INVALID', `the hub sent revocation list ${l.number}, older than list ${held.crlNumber} this station holds (a replayed or rolled-back list)`);
  }
  noteVerified?.(l.number, l.thisUpdate.toISOString());
  // Recorded when it says something new; an empty first list says nothing.
  if (held ? key(held.revoked) === key(revoked) : revoked.length === 0) return ok({ recorded: null, crlNumber: held?.crlNumber ?? l.number, revoked: revoked.length });
  const appended = ledger.append([
    {
      type: 'certificate.revocations_received',
      actor: null,
      payload: { crlPem: got.value.crlPem, fingerprint: l.fingerprint, crlNumber: l.number, thisUpdate: l.thisUpdate.toISOString(), nextUpdate: l.nextUpdate?.toISOString() ?? null, revoked },
    },
  ]);
  if (!appended.ok) return appended;
  return ok({ recorded: appended.value[0]!, crlNumber: l.number, revoked: revoked.length });
}
