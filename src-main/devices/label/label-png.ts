/**
 * PNG preview of a label layout, drawn entirely with bwip-js: its DataMatrix encoder gives the
 * symbol's module matrix (the same GS1 data the printer encodes from the ZPL), its built-in
 * rasteriser and OCR-B font draw boxes and text, and its zlib PNG writer produces the file.
 * OCR-B covers Latin-1 only; other characters (CJK material names) are shown as "?" in the
 * preview, while the ZPL carries them as UTF-8 for a printer with a suitable font.
 */
import type bwip from 'bwip-js';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { LabelLayout } from './label-layout.ts';

const FONT = 'OCR-B';

/** bwip-js writes pixels without bounds checks, so everything drawn is clipped here first. */
export async function renderLabelPng(layout: LabelLayout): Promise<Result<Buffer>> {
  // Loaded at the first label, not at every start (issue 16 item 2).
  const { default: bwipjs } = await import('bwip-js');
  const W = layout.widthDots;
  const H = layout.heightDots;
  const canvas = bwipjs.drawingZlibPng();
  canvas.setopts?.({ bcid: 'label', text: '', backgroundcolor: 'FFFFFF', paddingleft: 0, paddingright: 0, paddingtop: 0, paddingbottom: 0 } as never);
  canvas.init(W, H);
  const rect = (x: number, y: number, w: number, h: number) => {
    const x0 = clamp(x, 0, W);
    const y0 = clamp(y, 0, H);
    const x1 = clamp(x + w, 0, W);
    const y1 = clamp(y + h, 0, H);
    if (x1 <= x0 || y1 <= y0) return;
    canvas.polygon([[x0, y0], [x0, y1], [x1, y1], [x1, y0]]);
  };

  for (const item of layout.items) {
    if (item.kind === 'box') {
      const t = item.thickness;
      rect(item.x, item.y, item.width, t);
      rect(item.x, item.y + item.height - t, item.width, t);
      rect(item.x, item.y + t, t, item.height - 2 * t);
      rect(item.x + item.width - t, item.y + t, t, item.height - 2 * t);
      canvas.fill('000000');
    } else if (item.kind === 'text') {
      const text = fitText(canvas, [...item.text].map((c) => (c.charCodeAt(0) > 0xff ? '?' : c)).join(''), item.height, W - item.x);
      const baseline = item.y + Math.round(item.height * 0.8);
      if (baseline < H && text) canvas.text(item.x, baseline, text, '000000', { name: FONT, width: item.height, height: item.height, dx: 0 });
    } else {
      let symbol;
      try {
        // Our encoder already validated every value; BWIPP's own lint would also refuse pairings
        // that layoutDispensedLabel reports as warnings (a lot without GTIN), so it is off here.
        symbol = bwipjs.raw('gs1datamatrix', item.hri, { dontlint: true } as never)[0] as { pixs: number[]; pixx: number; pixy: number };
      } catch (e) {
        return err('LABEL_RENDER_FAILED', `bwip-js could not encode the DataMatrix: ${String(e)}`);
      }
      for (let r = 0; r < symbol.pixy; r++) {
        for (let c = 0; c < symbol.pixx; c++) {
          if (symbol.pixs[r * symbol.pixx + c]) rect(item.x + c * item.module, item.y + r * item.module, item.module, item.module);
        }
      }
      canvas.fill('000000');
    }
  }
  return ok(await canvas.end());
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

function fitText(canvas: ReturnType<typeof bwip.drawingZlibPng>, text: string, height: number, maxWidth: number): string {
  let t = text;
  while (t.length > 0 && canvas.measure(t, FONT, height, height).width > maxWidth) t = t.slice(0, -1);
  return t;
}
