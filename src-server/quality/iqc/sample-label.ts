/**
 * Labels for the sample containers of a sampling task (issue 12 item 1; EU GMP Ch. 6.14: a
 * sample container names the material, lot, the container sampled and the date): ZPL II from the
 * station's renderer (src-shared/labels/zpl.ts) with a GS1 DataMatrix of the material's GTIN (01)
 * when it has one, the lot (10) and the sample's serial (21) = its position in the delivery, so
 * a scanner reads back which lot and which container a sample came from. One label per sample.
 */
import { encodeElementString, type AiValue } from '../../../src-shared/gs1/encode-element-string.ts';
import { renderZpl, type LayoutItem } from '../../../src-shared/labels/zpl.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { SamplingTaskView } from '../../../src-shared/quality/iqc-contract.ts';

const DOTS_PER_MM = 8;
const WIDTH = 100 * DOTS_PER_MM;
const HEIGHT = 50 * DOTS_PER_MM;

export interface SampleLabelInput {
  task: SamplingTaskView;
  materialName: string;
  gtin: string | null;
  /** Positions (1-based) of the sampled containers in the delivery, by container id. */
  positions: ReadonlyMap<string, number>;
}

export function sampleLabelsZpl(input: SampleLabelInput): Result<string> {
  const { task } = input;
  const out: string[] = [];
  for (const c of task.containers) {
    const serial = `S${input.positions.get(c.containerId) ?? 0}`;
    const elements: AiValue[] = [...(input.gtin ? [{ ai: '01', value: input.gtin.padStart(14, '0') }] : []), { ai: '10', value: task.lotNumber }, { ai: '21', value: serial }];
    const code = encodeElementString(elements);
    if (!code.ok) return err('INPUT_INVALID', `lot ${task.lotNumber} cannot be printed as GS1: ${code.error.message}`, { lotId: task.lotId, code: code.error.code });
    const text = (y: number, h: number, t: string, field: string): LayoutItem => ({ kind: 'text', x: 24, y, height: h, text: t, field });
    const items: LayoutItem[] = [
      { kind: 'box', x: 0, y: 0, width: WIDTH, height: HEIGHT, thickness: 3 },
      text(20, 40, `IQC SAMPLE ${serial}`, 'title'),
      text(75, 26, `${task.material} ${input.materialName}`.slice(0, 44), 'material'),
      text(110, 26, `Lot: ${task.lotNumber}`, 'lot'),
      text(145, 26, `Container: ${c.containerId}`, 'container'),
      text(180, 26, `Task: ${task.id}`, 'task'),
      text(215, 26, `Sampled: ${c.sampledAt ? c.sampledAt.slice(0, 16).replace('T', ' ') + ' UTC' : '________________'} ${c.sampledBy ?? ''}`, 'sampled'),
      text(250, 26, `Spec: ${task.material} v${task.specVersion}`, 'spec'),
      { kind: 'datamatrix', x: WIDTH - 200, y: 150, module: 6, hri: code.value.hri, parts: code.value.parts },
      text(HEIGHT - 50, 22, code.value.hri, 'hri'),
    ];
    out.push(renderZpl({ widthDots: WIDTH, heightDots: HEIGHT, items, warnings: [] }));
  }
  return ok(out.join(''));
}
