/**
 * The dispensed-container label laid out by an approved label template (issue 14 item 6): the
 * template says which fields in which order, each field's size class and the DataMatrix module
 * size; the rules of label-layout.ts stay (text that does not fit is refused, never cut; only the
 * material name may wrap to two lines). The last line names the template version, so a label on
 * a container says which approved layout printed it.
 */
import { encodeElementString } from '../../../src-shared/gs1/encode-element-string.ts';
import { parseBarcode } from '../../../src-shared/gs1/parse-barcode.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { formatMass } from '../../../src-shared/mass.ts';
import { FONT_SIZE_MM, type LabelField, type LabelTemplate, type TemplateRef } from '../../../src-shared/reports/report-template.ts';
import type { DispensedContainerLabel } from './label-data.ts';
import { labelElements } from './label-gs1.ts';
import { CHAR_WIDTH_RATIO, DEFAULT_GEOMETRY, localMinutes, textWidth, wrap, type LabelGeometry, type LabelLayout, type LayoutItem } from './label-layout.ts';

/** Field texts as the built-in layout words them; null where the label has no such value. */
function fieldTexts(label: DispensedContainerLabel, field: LabelField, hri: string): string | null {
  const back = label.purpose === 'return';
  switch (field) {
    case 'title':
      return `${label.test ? 'TEST - ' : label.reprint ? 'REPRINT - ' : ''}${back ? 'RETURN' : 'DISPENSED MATERIAL'}`;
    case 'material.code':
      return label.material.code;
    case 'material.name':
      return label.material.name;
    case 'lot':
      return `Lot: ${label.lot}`;
    case 'batch':
      return `${back ? 'From batch' : 'Batch'}: ${label.batch}`;
    case 'net':
      return `Net: ${formatMass(label.net)}`;
    case 'tare':
      return label.tare ? `Tare: ${formatMass(label.tare)}` : null;
    case 'gross':
      return label.gross ? `Gross: ${formatMass(label.gross)}` : null;
    case 'expiry':
      return label.expiry ? `Expiry: ${label.expiry}` : null;
    case 'holdUntil':
      return label.holdUntil ? `Hold until: ${localMinutes(label.holdUntil)}` : null;
    case 'dispensedBy':
      return `${back ? 'Returned by' : 'Dispensed by'}: ${label.dispensedBy}`;
    case 'verifiedBy':
      return `Verified by: ${label.verifiedBy ?? '-'}`;
    case 'dispensedAt':
      return `Time: ${localMinutes(label.dispensedAt)}`;
    case 'hri':
      return hri;
  }
}

export function layoutTemplatedLabel(label: DispensedContainerLabel, template: { ref: TemplateRef; content: LabelTemplate }, geometry: LabelGeometry = DEFAULT_GEOMETRY): Result<LabelLayout> {
  const d = geometry.dpmm;
  const W = Math.round(geometry.widthMm * d);
  const H = Math.round(geometry.heightMm * d);
  const margin = Math.round(2.5 * d);
  const enc = encodeElementString(labelElements(label));
  if (!enc.ok) return err('LABEL_FIELD_INVALID', `the label's GS1 DataMatrix cannot carry this data: ${enc.error.message}`, { ...enc.error.details, cause: enc.error.code });
  const scanned = parseBarcode(']d2' + enc.value.raw);
  const warnings = scanned.ok ? scanned.value.warnings.map((w) => w.message) : [];
  const module = template.content.barcodeModuleDots;
  const dmSize = 26 * module;
  const dmX = W - margin - dmSize;
  const dmY = margin;
  if (dmX < margin || dmY + dmSize > H - margin) {
    return err('LABEL_FIELD_INVALID', `a ${module}-dot DataMatrix module does not fit on a ${geometry.widthMm} × ${geometry.heightMm} mm label`, { field: 'barcode' });
  }
  const textRight = dmX - margin;
  const items: LayoutItem[] = [{ kind: 'box', x: 0, y: 0, width: W, height: H, thickness: Math.max(2, Math.round(0.3 * d)) }];
  let y = margin + Math.round(0.5 * d);
  const x = margin + Math.round(0.5 * d);
  const place = (field: string, text: string, heightMm: number): Result<void> => {
    const h = Math.round(heightMm * d);
    // Beside the symbol the line ends at its left edge; below it, at the label's margin.
    const right = y < dmY + dmSize + d ? textRight : W - margin;
    if (x + textWidth(text, h) > right) return err('LABEL_FIELD_INVALID', `label field ${field} ("${text}") does not fit on a ${geometry.widthMm} mm label`, { field });
    items.push({ kind: 'text', x, y, height: h, text, field });
    y += h + Math.round(1.2 * d);
    return ok(undefined);
  };
  for (const f of template.content.fields) {
    const text = fieldTexts(label, f.field, enc.value.hri);
    if (text === null) continue;
    const heightMm = FONT_SIZE_MM[f.size];
    // The symbol's text line is a convenience: left out, as in the built-in layout, when it is too long.
    if (f.field === 'hri' && x + textWidth(text, Math.round(heightMm * d)) > W - margin) continue;
    if (f.field === 'material.name') {
      const maxChars = Math.floor((textRight - x) / (Math.round(heightMm * d) * CHAR_WIDTH_RATIO));
      const lines = wrap(text, maxChars);
      if (!lines || lines.length > 2) return err('LABEL_FIELD_INVALID', `label field material.name does not fit in two lines of ${maxChars} characters`, { field: 'material.name' });
      for (const l of lines) {
        const r = place(f.field, l, heightMm);
        if (!r.ok) return r;
      }
      continue;
    }
    const r = place(f.field, text, heightMm);
    if (!r.ok) return r;
  }
  const named = place('template', `Template ${template.ref.templateCode} v${template.ref.version}`, FONT_SIZE_MM.small);
  if (!named.ok) return named;
  items.push({ kind: 'datamatrix', x: dmX, y: dmY, module, hri: enc.value.hri, parts: enc.value.parts });
  if (y - Math.round(1.2 * d) > H - margin) return err('LABEL_FIELD_INVALID', `the content needs ${y + margin} dots but the label is ${H} dots high`, { field: '(layout)' });
  return ok({ widthDots: W, heightDots: H, items, warnings });
}
