/**
 * Genealogy facts written straight into a hub database, for the trace tests: a node, an edge,
 * and one transaction that writes them and raises the genealogy generation as intake does.
 */
import type { HubDb } from '../../../src-server/db/open-hub-db.ts';
import { raiseGeneration, writeFacts } from '../../../src-server/quality/genealogy/genealogy-store.ts';
import type { Facts } from '../../../src-server/quality/projection/genealogy-facts.ts';

export type Kind = 'lot' | 'container' | 'dispense' | 'batch';

export const node = (kind: Kind, key: string, attrs: Record<string, unknown> = {}, label = key) => ({ kind, key, label, attrs });

export const edge = (a: [string, string], b: [string, string]) => ({ parent: { kind: a[0], key: a[1] }, child: { kind: b[0], key: b[1] }, quantity: null, stationId: null, seq: null }) as Facts['edges'][number];

/** The facts written and the generation raised in one transaction, as the intake's projector does. */
export async function writeGenealogy(db: HubDb, facts: Facts): Promise<void> {
  await db.orm.transaction(async (tx) => {
    await writeFacts(tx, facts);
    await raiseGeneration(tx);
  });
}
