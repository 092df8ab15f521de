import bwipjs from 'bwip-js';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import { sampleLabel } from './label-fixture.testkit.ts';
import { previewDispensedLabel } from './print-label.ts';

/** Minimal PNG reader for bwip-js output (8-bit RGBA, filter 0 rows): dark pixel test. */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('latin1');
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const dark = (x: number, y: number) => {
    expect(raw[y * stride]).toBe(0); // filter type None
    const i = y * stride + 1 + x * 4;
    return raw[i]! < 128 && raw[i + 3]! > 128;
  };
  return { width, height, dark };
}

describe('label preview PNG (bwip-js)', () => {
  it('has the label size, the frame, text, and a DataMatrix identical to the GS1 data', async () => {
    const { layout, png } = unwrap(await previewDispensedLabel(sampleLabel()));
    const img = readPng(png);
    expect([img.width, img.height]).toEqual([800, 560]);
    expect(img.dark(0, 0) && img.dark(799, 559)).toBe(true); // frame corners
    expect(img.dark(400, 300)).toBe(false); // blank area inside

    const textRow = layout.items.find((i) => i.kind === 'text' && i.field === 'lot')!;
    let inked = 0;
    for (let x = textRow.x; x < textRow.x + 200; x++) for (let y = textRow.y; y < textRow.y + 28; y++) if (img.dark(x, y)) inked++;
    expect(inked).toBeGreaterThan(200);

    const dm = layout.items.find((i) => i.kind === 'datamatrix')!;
    if (dm.kind !== 'datamatrix') throw new Error('no datamatrix');
    const sym = bwipjs.raw('gs1datamatrix', dm.hri, { dontlint: true } as never)[0] as { pixs: number[]; pixx: number; pixy: number };
    for (let r = 0; r < sym.pixy; r++) {
      for (let c = 0; c < sym.pixx; c++) {
        const cx = dm.x + c * dm.module + (dm.module >> 1);
        const cy = dm.y + r * dm.module + (dm.module >> 1);
        expect(img.dark(cx, cy), `module ${r},${c}`).toBe(sym.pixs[r * sym.pixx + c] === 1);
      }
    }
  });

  it('shows characters outside Latin-1 as "?" instead of failing', async () => {
    const r = await previewDispensedLabel(sampleLabel({ material: { code: 'M-1', name: '对乙酰氨基酚 Paracetamol' } }));
    expect(r.ok).toBe(true);
  });
});
