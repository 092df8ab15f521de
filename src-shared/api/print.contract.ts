/**
 * Printed copies at the station (issue 15 item 1, issue 11 item 2): the batch record as PDF and
 * the audit trail as PDF or CSV, in the reader's language. Files cross the API as base64 with
 * the hash they carry; an audit copy is itself recorded (D25-01).
 */
import { z } from 'zod';
import { endpoint } from './contract.ts';
import { AuditQuery } from './audit.contract.ts';

const READERS = ['operator', 'supervisor', 'qa', 'qp'] as const;
const REVIEWERS = ['supervisor', 'qa', 'qp', 'admin'] as const;
const Lang = z.enum(['en', 'zh-CN']);

export const printContract = {
  'record.pdf': endpoint(
    READERS,
    z.object({ batchNumber: z.string().trim().min(1).max(100), lang: Lang.default('en') }).strict(),
    z.object({ fileName: z.string(), base64: z.string(), recordHash: z.string() }),
  ),
  'audit.exportFile': endpoint(
    REVIEWERS,
    AuditQuery.extend({ format: z.enum(['pdf', 'csv']), lang: Lang.default('en'), limit: z.number().int().min(1).max(10_000).default(10_000) }),
    z.object({ exportedSeq: z.number().int(), entryCount: z.number().int(), fileName: z.string(), contentType: z.string(), base64: z.string(), contentHash: z.string() }),
  ),
};
