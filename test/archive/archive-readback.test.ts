/**
 * Archive readback after an upgrade (A11-27): packets written by earlier software versions are
 * committed under test/fixtures/archive/ and never regenerated; today's verifier must still read
 * and verify each format version, and today's record builder must read the archived entries
 * into the same record the packet holds.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { verifyEvidencePacket } from '../../src-core/archive/verify-packet.ts';
import { PACKET_FORMAT_VERSIONS } from '../../src-core/archive/packet-format.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

const fixture = (v: number) => new URL(`../fixtures/archive/packet-v${v}.zip`, import.meta.url);

interface StepShape {
  stepId: string;
  status: string;
  events: { seq: number; hash: string; signatures: unknown[] }[];
}

describe('archive readback', () => {
  it('A11-27 every packet format version ever written has an archived packet to read back', () => {
    for (const v of PACKET_FORMAT_VERSIONS) expect(existsSync(fixture(v)), `test/fixtures/archive/packet-v${v}.zip`).toBe(true);
  });

  for (const v of PACKET_FORMAT_VERSIONS) {
    it(`A11-27 an archived format-${v} packet is read back and verified by today's software`, () => {
      const report = verifyEvidencePacket(readFileSync(fixture(v)));
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.formatVersion).toBe(v);
      expect(report.counts.batchEntries).toBeGreaterThan(10);
      expect(report.counts.signatures).toBeGreaterThan(0);
    });

    it(`A11-27 today's record builder reads the archived format-${v} entries into the archived record`, () => {
      const files = unzipSync(readFileSync(fixture(v)));
      const text = (p: string) => new TextDecoder().decode(files[p]);
      const archived = JSON.parse(text('record/record.json')) as { batchNumber: string; status: string; recordHash?: string; steps: StepShape[] };
      const entries = (JSON.parse(text('ledger/entries.json')) as { entry: LedgerEntry }[]).map((e) => e.entry).filter((e) => e.batchRef === archived.batchNumber);
      const now = buildBatchRecord(archived.batchNumber, entries, { user: () => undefined }) as unknown as typeof archived;
      const shape = (r: typeof archived) => ({ status: r.status, recordHash: r.recordHash, steps: r.steps.map((s) => ({ stepId: s.stepId, status: s.status, events: s.events.map((e) => [e.seq, e.hash, e.signatures.length]) })) });
      expect(shape(now)).toEqual(shape(archived));
    });

    it(`A11-27 a flipped byte in the archived format-${v} packet fails, naming the file`, () => {
      const files = unzipSync(readFileSync(fixture(v)));
      const record = Buffer.from(files['record/record.json']!);
      record[record.indexOf('"status"') + 1] = 0x53; // "status" -> "Status"
      files['record/record.json'] = record;
      const report = verifyEvidencePacket(zipSync(Object.fromEntries(Object.entries(files).map(([k, b]) => [k, [b, { level: 0 }]]))));
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(expect.objectContaining({ code: 'PACKET_FILE_CHANGED', file: 'record/record.json' }));
    });
  }
});
