/**
 * Label printing as the engine sees it. The printer driver (device layer) implements it; the
 * default records the label content only, which is what a station without a printer does.
 */
import { ok, type Result } from '../../../src-shared/result.ts';

export type LabelContent = Record<string, string | number | null>;

export interface LabelPort {
  print(labels: readonly LabelContent[]): Promise<Result<{ printerId: string | null }>>;
}

export const noPrinter: LabelPort = {
  print: async () => ok({ printerId: null }),
};
