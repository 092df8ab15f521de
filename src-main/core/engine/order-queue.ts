/** The work queue as the engine reads it (port; SQLite implementation in db/dispensing-order-repo.ts). */
import type { Mass } from '../../../src-shared/mass.ts';

export interface WorkQueueRow {
  batchNumber: string;
  productCode: string;
  recipeCode: string;
  recipeVersion: number;
  batchSize: Mass;
  status: 'planned' | 'in-progress' | 'complete';
  boothId: string | null;
  plannedStart: string | null;
  lastSeq: number;
}

export interface OrderQueue {
  list(filter?: { status?: WorkQueueRow['status'] }): WorkQueueRow[];
  exists(batchNumber: string): boolean;
}
