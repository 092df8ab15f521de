/**
 * A source container of one lot. `quantity` is the hub's authoritative net content when it
 * sent this version; the station then deducts what it dispenses (container_stock) until the
 * hub sends a newer version, which resets it.
 */
import { z } from 'zod';
import { Code, Gtin, IsoDate, MassSchema } from './common.ts';

export const ContainerSchema = z.object({
  containerId: Code,
  lotId: Code,
  materialCode: Code,
  quantity: MassSchema,
  /** The container's own empty weight (for gross weighing and weigh-back checks). */
  tare: MassSchema,
  gtin: Gtin.optional(),
  /** Day the container was received into stock: FIFO among containers of equal expiry (issue 17 item 2). */
  receivedAt: IsoDate.optional(),
});
export type Container = z.infer<typeof ContainerSchema>;
