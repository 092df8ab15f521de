/**
 * The engine's LabelPort over the device layer's ZPL printers (issue 18 item 18). The station's
 * printer settings name the printer; the engine's label content becomes the device layer's
 * DispensedContainerLabel (or, for a batch-status label, a plain text layout), is laid out and
 * checked before any byte is sent, and all labels of the step go out as one job. The step counts
 * as printed only when the transport reports that the printer took the job; the receipt names
 * the printer, its address, the SHA-256 of the bytes sent and how the print is known (FR-145:
 * the printer's host status, or sent to a printer that gives no status).
 *
 * Without a printer, production refuses (LABEL_PRINTER_NOT_CONFIGURED): a GMP container
 * without its label must not look labelled in the record. Training renders the PNG preview
 * and returns it as a preview — always, even with a printer configured, so that a training
 * run never puts a real-looking label on a container.
 */
import { createHash } from 'node:crypto';
import type { PrinterSetting } from '../../src-shared/settings/station-settings.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { LabelContent, LabelMode, LabelPort, LabelReceipt } from '../core/engine/label-port.ts';
import type { DispensedContainerLabel } from '../devices/label/label-data.ts';
import { textWidth, type LabelGeometry, type LabelLayout, type LayoutItem } from '../devices/label/label-layout.ts';
import { renderLabelPng } from '../devices/label/label-png.ts';
import { prepareDispensedLabel } from '../devices/label/print-label.ts';
import { SerialLabelTransport, TcpLabelTransport, type LabelTransport } from '../devices/label/label-transport.ts';
import { renderZpl } from '../devices/label/zpl-label.ts';
import { parseLabelData } from '../devices/label/label-data.ts';
import { layoutTemplatedLabel } from '../devices/label/templated-label-layout.ts';
import type { LabelTemplate, TemplateRef } from '../../src-shared/reports/report-template.ts';

export interface ZplLabelPortOptions {
  /** Read at each print, so a printer added in Settings is used without a restart. */
  printers: () => readonly PrinterSetting[];
  mode: LabelMode;
  /** Test seam; default: raw TCP (port 9100 unless the address names one) or a serial line. */
  transportFor?: (printer: PrinterSetting) => LabelTransport;
  /** The effective label template from master data (issue 14 item 6), read at each print; null: the built-in layout. */
  template?: () => { ref: TemplateRef; content: LabelTemplate } | null;
}

/** 203 dpi, the common resolution of industrial label printers. */
const DOTS_PER_MM = 8;

export function zplLabelPort(options: ZplLabelPortOptions): LabelPort {
  const transportFor = options.transportFor ?? transportForPrinter;
  return {
    // FR-141: training always previews (below), so a training print announces no request.
    previewOnly: options.mode === 'training',
    async print(labels): Promise<Result<LabelReceipt>> {
      const printer = options.printers()[0];
      if (options.mode === 'production' && !printer) {
        return err('LABEL_PRINTER_NOT_CONFIGURED', 'no label printer is configured for this station; a production label step needs one', { delivered: 'none' });
      }
      const geometry: LabelGeometry = printer ? { dpmm: DOTS_PER_MM, widthMm: printer.labelWidthMm, heightMm: printer.labelHeightMm } : { dpmm: DOTS_PER_MM, widthMm: 100, heightMm: 70 };
      const template = options.template?.() ?? null;
      const layouts: LabelLayout[] = [];
      for (const content of labels) {
        const layout = layoutFor(content, geometry, template);
        // FR-139: refused before any byte was sent.
        if (!layout.ok) return err(layout.error.code, layout.error.message, { ...layout.error.details, delivered: 'none' });
        layouts.push(layout.value);
      }
      if (options.mode === 'training' || !printer) {
        const pngSha256: string[] = [];
        for (const layout of layouts) {
          const png = await renderLabelPng(layout);
          if (!png.ok) return err(png.error.code, png.error.message, { ...png.error.details, delivered: 'none' });
          pngSha256.push(sha256(png.value));
        }
        return ok({ printerId: null, preview: true, pngSha256, ...(template ? { template: template.ref } : {}) });
      }
      const job = Buffer.from(layouts.map((l) => renderZpl(l)).join(''), 'utf8');
      const transport = transportFor(printer);
      const sent = await transport.send(job);
      // FR-139: the transport says whether any of the job may have reached the printer; a
      // transport that does not say is taken to have perhaps delivered it.
      if (!sent.ok) return err(sent.error.code, sent.error.message, { delivered: 'unknown', ...sent.error.details, printerId: printer.id, printer: transport.description });
      return ok({ printerId: printer.id, printerAddress: transport.description, jobId: sha256(job), ...(template ? { template: template.ref } : {}), confirmation: sent.value.confirmation });
    },
  };
}

/** "host", "host:port" for zpl-tcp; "path" or "path:baud" for zpl-serial. */
export function transportForPrinter(printer: PrinterSetting): LabelTransport {
  const m = /^(.*):(\d+)$/.exec(printer.address);
  // FR-145: absent, the printer is asked for its host status.
  const statusCheck = printer.statusCheck ?? 'host-status';
  if (printer.kind === 'zpl-tcp') return new TcpLabelTransport({ host: m ? m[1]! : printer.address, ...(m ? { port: Number(m[2]) } : {}), statusCheck });
  return new SerialLabelTransport({ path: m ? m[1]! : printer.address, ...(m ? { baudRate: Number(m[2]) } : {}), statusCheck });
}

function layoutFor(c: LabelContent, geometry: LabelGeometry, template: { ref: TemplateRef; content: LabelTemplate } | null): Result<LabelLayout> {
  if ((c.kind === 'dispensed-material' || c.kind === 'return') && template) {
    const data = parseLabelData(containerLabel(c));
    return data.ok ? layoutTemplatedLabel(data.value, template, geometry) : data;
  }
  if (c.kind === 'dispensed-material' || c.kind === 'return') {
    const prepared = prepareDispensedLabel(containerLabel(c), geometry);
    return prepared.ok ? ok(prepared.value.layout) : prepared;
  }
  return textLayout(c, geometry);
}

/** The engine's content of one dispensed portion as the device layer's label. */
export function containerLabel(c: LabelContent): DispensedContainerLabel {
  const str = (v: LabelContent[string] | undefined) => (v === null || v === undefined ? undefined : String(v));
  const [amount, unit] = (str(c.net) ?? '').split(' ');
  return {
    ...(c.kind === 'return' ? { purpose: 'return' as const } : {}),
    material: { code: str(c.material) ?? '', name: str(c.materialName) ?? '' },
    lot: str(c.lotNumber) ?? str(c.lotId) ?? '',
    batch: str(c.batchNumber) ?? '',
    net: { amount: amount ?? '', unit: unit as DispensedContainerLabel['net']['unit'] },
    dispensedBy: str(c.dispensedBy) ?? '',
    dispensedAt: str(c.labelledAt) ?? '',
    ...(str(c.expiry) ? { expiry: str(c.expiry)! } : {}),
    ...(str(c.gtin) ? { gtin: str(c.gtin)! } : {}),
    // AI 21 is the dispensed container's own id when the engine gave one (issue 17 item 4), else the source container's.
    ...(str(c.dispensedContainerId ?? c.containerId) ? { containerId: str(c.dispensedContainerId ?? c.containerId)! } : {}),
    ...(str(c.holdUntil) ? { holdUntil: str(c.holdUntil)! } : {}),
    ...(c.reprint ? { reprint: true as const } : {}),
  };
}

/** A label that is not a container's (batch status, kit): its facts as lines of text. */
function textLayout(c: LabelContent, g: LabelGeometry): Result<LabelLayout> {
  const width = g.widthMm * g.dpmm;
  const margin = 3 * g.dpmm;
  const height = Math.round(3 * g.dpmm);
  const lines = [`${c.reprint ? 'REPRINT - ' : ''}${String(c.kind)}`, `Batch: ${String(c.batchNumber)}`, `${String(c.product)} ${String(c.productName)}`, `Booth: ${String(c.booth)}`, `Time: ${String(c.labelledAt)}`];
  const items: LayoutItem[] = [];
  let y = margin;
  for (const [i, text] of lines.entries()) {
    // Refused, never cut: a truncated batch number is worse than no label.
    if (margin + textWidth(text, height) > width - margin || y + height > g.heightMm * g.dpmm) {
      return err('LABEL_FIELD_INVALID', `label line ${i + 1} does not fit on a ${g.widthMm} × ${g.heightMm} mm label`, { field: `line${i + 1}` });
    }
    items.push({ kind: 'text', x: margin, y, height, text, field: `line${i + 1}` });
    y += height + g.dpmm;
  }
  return ok({ widthDots: width, heightDots: g.heightMm * g.dpmm, items, warnings: [] });
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
