/**
 * The label service of the device layer: data in, ZPL out to a printer, plus the preview.
 * Validation, layout and encoding happen before any byte is sent, so a refused label never
 * leaves half a format in the printer's buffer.
 */
import { ok, type Result } from '../../../src-shared/result.ts';
import { parseLabelData } from './label-data.ts';
import { DEFAULT_GEOMETRY, layoutDispensedLabel, type LabelGeometry, type LabelLayout } from './label-layout.ts';
import { renderLabelPng } from './label-png.ts';
import type { LabelTransport } from './label-transport.ts';
import { renderZpl, type ZplOptions } from './zpl-label.ts';

export interface PreparedLabel {
  readonly layout: LabelLayout;
  readonly zpl: string;
}

export function prepareDispensedLabel(input: unknown, geometry: LabelGeometry = DEFAULT_GEOMETRY, zpl: ZplOptions = {}): Result<PreparedLabel> {
  const data = parseLabelData(input);
  if (!data.ok) return data;
  const layout = layoutDispensedLabel(data.value, geometry);
  if (!layout.ok) return layout;
  return ok({ layout: layout.value, zpl: renderZpl(layout.value, zpl) });
}

export async function printDispensedLabel(input: unknown, transport: LabelTransport, geometry?: LabelGeometry, zpl?: ZplOptions): Promise<Result<PreparedLabel>> {
  const prepared = prepareDispensedLabel(input, geometry, zpl);
  if (!prepared.ok) return prepared;
  const sent = await transport.send(Buffer.from(prepared.value.zpl, 'utf8'));
  return sent.ok ? prepared : sent;
}

export async function previewDispensedLabel(input: unknown, geometry?: LabelGeometry): Promise<Result<{ layout: LabelLayout; png: Buffer }>> {
  const prepared = prepareDispensedLabel(input, geometry);
  if (!prepared.ok) return prepared;
  const png = await renderLabelPng(prepared.value.layout);
  return png.ok ? ok({ layout: prepared.value.layout, png: png.value }) : png;
}
