/**
 * The incoming-inspection and finished-product-results services (issue 12 items 1 and 4), built
 * once by createQualityServices. Stateless: everything is in PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { err, type Result } from '../../../src-shared/result.ts';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { HubContext } from '../../hub-context.ts';
import type { DeviationService } from '../deviations/deviation-service.ts';
import { currentObject } from './current-object.ts';
import { DispositionService } from './disposition-service.ts';
import { iqcReceipts } from './iqc-schema.ts';
import { ReceiptService } from './receipt-service.ts';
import { ResultService } from './result-service.ts';
import { sampleLabelsZpl } from './sample-label.ts';
import { SpecService } from './spec-service.ts';

export interface IqcServices {
  specs: SpecService;
  receipts: ReceiptService;
  results: ResultService;
  dispositions: DispositionService;
  /** ZPL for the sample containers of a task (sample-label.ts). */
  labels(taskId: string): Promise<Result<string>>;
}

export function createIqcServices(ctx: HubContext, deviations: DeviationService): IqcServices {
  const specs = new SpecService(ctx);
  const results = new ResultService(ctx, specs);
  const dispositions = new DispositionService(ctx, specs, results, deviations);
  return {
    specs,
    receipts: new ReceiptService(ctx, specs),
    results,
    dispositions,
    async labels(taskId) {
      const task = await dispositions.get(taskId);
      if (!task.ok) return task;
      const material = await currentObject<Material>(ctx.db, 'material', task.value.material);
      if (!material) return err('NOT_FOUND', `material ${task.value.material} is not in master data`);
      const [receipt] = await ctx.db.select({ document: iqcReceipts.document }).from(iqcReceipts).where(eq(iqcReceipts.receiptId, task.value.receiptId));
      const lot = receipt?.document.lots.find((l) => l.lotId === task.value.lotId);
      const positions = new Map((lot?.containers ?? []).map((c, i) => [c.containerId, i + 1]));
      return sampleLabelsZpl({ task: task.value, materialName: material.data.name, gtin: material.data.gtins[0] ?? null, positions });
    },
  };
}
