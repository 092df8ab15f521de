/**
 * One layout for the dispensed-container label, in printer dots, from which both the ZPL and
 * the PNG preview are drawn, so the preview shows what the printer prints. The UI may also lay
 * the same model out itself. Text that does not fit is refused, never cut: a truncated lot or
 * weight on a GMP label is worse than no label. Only the material name may wrap to two lines.
 */
import { encodeElementString } from '../../../src-shared/gs1/encode-element-string.ts';
import { parseBarcode } from '../../../src-shared/gs1/parse-barcode.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { formatMass } from '../../../src-shared/mass.ts';
import type { DispensedContainerLabel } from './label-data.ts';
import { labelElements } from './label-gs1.ts';
import type { LabelLayout, LayoutItem } from '../../../src-shared/labels/zpl.ts';

export interface LabelGeometry {
  /** Dots per millimetre: 8 for 203 dpi, 12 for 300 dpi. */
  readonly dpmm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

export const DEFAULT_GEOMETRY: LabelGeometry = { dpmm: 8, widthMm: 100, heightMm: 70 };

export type { LabelLayout, LayoutItem } from '../../../src-shared/labels/zpl.ts';

/**
 * Average advance of a character as a fraction of the font height, for both ZPL font 0 and the
 * preview's OCR-B (monospaced, 0.6). Used to refuse text that would not fit.
 */
export const CHAR_WIDTH_RATIO = 0.6;

export function textWidth(text: string, height: number): number {
  return Math.ceil([...text].length * height * CHAR_WIDTH_RATIO);
}

export function layoutDispensedLabel(label: DispensedContainerLabel, geometry: LabelGeometry = DEFAULT_GEOMETRY): Result<LabelLayout> {
  const d = geometry.dpmm;
  const W = Math.round(geometry.widthMm * d);
  const H = Math.round(geometry.heightMm * d);
  const margin = Math.round(2.5 * d);
  const enc = encodeElementString(labelElements(label));
  if (!enc.ok) {
    return err('LABEL_FIELD_INVALID', `the label's GS1 DataMatrix cannot carry this data: ${enc.error.message}`, { ...enc.error.details, cause: enc.error.code });
  }
  const scanned = parseBarcode(']d2' + enc.value.raw);
  const warnings = scanned.ok ? scanned.value.warnings.map((w) => w.message) : [];
  const module = Math.max(3, Math.round(0.5 * d)); // 0.5 mm modules: readable by handheld scanners
  const dmSize = 26 * module; // room for up to a 26x26 symbol (~60 alphanumerics with FNC1s)
  const dmX = W - margin - dmSize;
  const textRight = dmX - margin;

  const items: LayoutItem[] = [{ kind: 'box', x: 0, y: 0, width: W, height: H, thickness: Math.max(2, Math.round(0.3 * d)) }];
  let y = margin + Math.round(0.5 * d);
  const line = (field: string, content: string, heightMm: number, maxRight = textRight): Result<void> => {
    const h = Math.round(heightMm * d);
    if (margin + textWidth(content, h) > maxRight) {
      return err('LABEL_FIELD_INVALID', `label field ${field} ("${content}") does not fit on a ${geometry.widthMm} mm label`, { field });
    }
    items.push({ kind: 'text', x: margin + Math.round(0.5 * d), y, height: h, text: content, field });
    y += h + Math.round(1.2 * d);
    return ok(undefined);
  };

  const steps: [string, string, number, number?][] = [
    ['title', `${label.test ? 'TEST - ' : label.reprint ? 'REPRINT - ' : ''}${label.purpose === 'return' ? 'RETURN' : 'DISPENSED MATERIAL'}`, 3.5, W - margin],
    ['material.code', label.material.code, 5, W - margin],
  ];
  for (const [field, content, h, right] of steps) {
    const r = line(field, content, h, right);
    if (!r.ok) return r;
  }
  // The name may wrap once at a space; a word longer than the line is refused.
  const nameHeight = Math.round(4 * d);
  const maxChars = Math.floor((W - 2 * margin) / (nameHeight * CHAR_WIDTH_RATIO));
  const nameLines = wrap(label.material.name, maxChars);
  if (!nameLines || nameLines.length > 2) {
    return err('LABEL_FIELD_INVALID', `label field material.name does not fit in two lines of ${maxChars} characters`, { field: 'material.name' });
  }
  for (const n of nameLines) {
    const r = line('material.name', n, 4, W - margin);
    if (!r.ok) return r;
  }
  const dmY = y;
  const rest: [string, string][] = [
    ['lot', `Lot: ${label.lot}`],
    ['batch', `${label.purpose === 'return' ? 'From batch' : 'Batch'}: ${label.batch}`],
    // Weights as read, through the one mass formatter (issue 18): a label never shows more decimals than the balance sent.
    ['net', `Net: ${formatMass(label.net)}`],
    ...(label.tare ? [['tare', `Tare: ${formatMass(label.tare)}`] as [string, string]] : []),
    ...(label.gross ? [['gross', `Gross: ${formatMass(label.gross)}`] as [string, string]] : []),
    ...(label.expiry ? [['expiry', `Expiry: ${label.expiry}`] as [string, string]] : []),
    ...(label.holdUntil ? [['holdUntil', `Hold until: ${localMinutes(label.holdUntil)}`] as [string, string]] : []),
  ];
  for (const [field, content] of rest) {
    const r = line(field, content, 3.5);
    if (!r.ok) return r;
  }
  const when = localMinutes(label.dispensedAt);
  const people: [string, string][] = [
    ['dispensedBy', `${label.purpose === 'return' ? 'Returned by' : 'Dispensed by'}: ${label.dispensedBy}`],
    ['verifiedBy', `Verified by: ${label.verifiedBy ?? '-'}`],
    ['dispensedAt', `Time: ${when}`],
  ];
  for (const [field, content] of people) {
    const r = line(field, content, 2.8, W - margin);
    if (!r.ok) return r;
  }
  items.push({ kind: 'datamatrix', x: dmX, y: dmY, module, hri: enc.value.hri, parts: enc.value.parts });
  const hriHeight = Math.round(2.5 * d);
  if (margin + textWidth(enc.value.hri, hriHeight) <= W - margin) {
    items.push({ kind: 'text', x: margin + Math.round(0.5 * d), y: Math.max(y, dmY + dmSize + d), height: hriHeight, text: enc.value.hri, field: 'hri' });
    y = Math.max(y, dmY + dmSize + d) + hriHeight;
  }
  if (y > H - margin || dmY + dmSize > H - margin) {
    return err('LABEL_FIELD_INVALID', `the content needs ${Math.max(y, dmY + dmSize) + margin} dots but the label is ${H} dots high`, { field: '(layout)' });
  }
  return ok({ widthDots: W, heightDots: H, items, warnings });
}

/** Words into lines of at most `maxChars` characters; null when one word alone is longer. */
export function wrap(text: string, maxChars: number): string[] | null {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if ([...word].length > maxChars) return null;
    const candidate = current ? `${current} ${word}` : word;
    if ([...candidate].length <= maxChars) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** "2026-03-02T09:05:00+08:00" as "2026-03-02 09:05 +08:00" (the station's local time, with its offset). */
export function localMinutes(iso: string): string {
  return iso.replace('T', ' ').replace(/(\d{2}:\d{2})(:\d{2}(\.\d+)?)?/, '$1 ').replace(' Z', ' UTC');
}
