/**
 * Master data applied at the station (ARCHITECTURE.md "Sync": the EBR shows which versions
 * were used). The entry carries each object's content as well as its hash, so the
 * current-state tables can be rebuilt from the ledger alone and the record shows exactly the
 * lot status or calibration date a decision relied on.
 */
import { z } from 'zod';
import { Sha256Hex } from '../ledger-entry.ts';
import { MasterDataKind, MasterDataSourceSchema } from '../../master-data/master-data-change.ts';
import { MassSchema } from '../../master-data/common.ts';

export const masterDataEntryTypes = {
  'masterdata.applied': MasterDataSourceSchema.extend({
    changes: z.array(
      z.object({
        kind: MasterDataKind,
        key: z.string().min(1),
        version: z.number().int().positive(),
        /** SHA-256 of the RFC 8785 canonical JSON of `data` (null for a withdrawal). */
        contentHash: Sha256Hex.nullable(),
        data: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    /** Changes received again with the same version and content: listed, not re-applied. */
    unchanged: z.array(z.object({ kind: MasterDataKind, key: z.string().min(1), version: z.number().int().positive() })),
    /**
     * Changes the station received and did not apply, with why (issue 14: a recipe of a schema
     * version this station does not understand); the rest of the batch is applied. Absent: none.
     */
    refused: z
      .array(z.object({ kind: MasterDataKind, key: z.string().min(1), version: z.number().int().positive(), code: z.literal('RECIPE_SCHEMA_UNSUPPORTED'), schemaVersion: z.number().int().positive(), message: z.string() }))
      .optional(),
  }),
  /**
   * The periodic (e.g. daily) check of a balance with its test weights (USP <41>, EU GMP
   * Ch. 3.41): the device layer's PeriodicCheckRecord plus which balance. A pass lets the
   * balance weigh for its plan's validity; a fail blocks it until a passing check.
   */
  'balance.check_recorded': z.object({
    balanceId: z.string().min(1),
    serialNumber: z.string().min(1),
    planId: z.string().min(1),
    performedAt: z.string().min(1),
    performedBy: z.string().min(1),
    results: z
      .array(z.object({ testWeight: z.string(), nominal: MassSchema, reading: MassSchema, raw: z.string(), deviation: MassSchema, acceptance: MassSchema, passed: z.boolean() }))
      .min(1),
    passed: z.boolean(),
    /**
     * FR-144 (absent before it): `tare-query` when the balance was asked, with every test weight
     * read, and held no tare (a held tare refuses the reading: BALANCE_HOLDS_TARE); [] where its
     * protocol cannot be asked: not checked.
     */
    tareCheck: z.object({ by: z.array(z.enum(['tare-query', 'stream'])) }).optional(),
  }),
};
