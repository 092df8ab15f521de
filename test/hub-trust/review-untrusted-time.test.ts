/**
 * "Record and flag" reaches QA (issue 10 item 3): a batch recorded at a station while its clock
 * was not trusted is flagged in review by exception at the hub, through the ordinary signed
 * sync; a batch recorded after the clocks agreed again is not. Rows A11-22, DI-03.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { SettingsService } from '../../src-main/core/settings/settings-service.ts';
import { recordBatch } from '../quality/support/station-batch.ts';
import { startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { changeSetting } from '../fakes/change-setting.ts';

describe('review by exception and an untrusted station clock', () => {
  let q: QualityHub;
  const review = async (batch: string) => (await q.hub.api<BatchReview>('GET', `/api/v1/quality/batches/${batch}`, undefined, await q.token('qa.hub'))).body;

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    const s = q.station;
    changeSetting(s, 'time', { maxDriftSeconds: 60, untrustedPolicy: 'flag' }, 'site SOP: record and flag', new SettingsService(s.ledger));
    // A sync found the hub 10 minutes ahead; work went on, flagged.
    expect(s.timeTrust.compare(new Date(s.clock.now().getTime() + 600_000)).trusted).toBe(false);
    recordBatch(s, { batchNumber: 'B-TIME-1', apiLot: 'API-T-1', excipientLot: 'MCC-T' });
    // IT corrected the clock; the next comparison agreed.
    expect(s.timeTrust.compare(s.clock.now()).trusted).toBe(true);
    recordBatch(s, { batchNumber: 'B-TIME-2', apiLot: 'API-T-2', excipientLot: 'MCC-T' });
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('A11-22 DI-03 a batch recorded while the clock was not trusted is flagged for QA; one recorded after the clocks agreed is not', async () => {
    const flagged = (await review('B-TIME-1')).exceptions.filter((e) => e.kind === 'time-untrusted');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.severity).toBe('major');
    expect(flagged[0]!.params).toMatchObject({ driftSeconds: -600, policy: 'flag', toSeq: expect.any(Number) });
    expect(Number(flagged[0]!.params.count)).toBeGreaterThan(5);
    expect((await review('B-TIME-2')).exceptions.some((e) => e.kind === 'time-untrusted')).toBe(false);
  });
});
