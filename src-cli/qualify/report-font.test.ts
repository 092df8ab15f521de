import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { findReportFont, latin1Only } from './report-font.ts';
import { pickReportFont } from '../../src-core/report/pdf-font.ts';
import { createPdf } from '../../src-core/report/pdf-document.ts';

describe('report font', () => {
  it('takes a given font file, with an optional face of a collection, and reports a missing one', () => {
    expect(findReportFont('/no/such/font.ttc#Face')).toEqual({ path: null, lookedFor: '/no/such/font.ttc' });
    const here = new URL(import.meta.url).pathname;
    const found = findReportFont(`${here}#Some-Face`);
    expect(found).toMatchObject({ path: here, face: 'Some-Face', lookedFor: here });
    expect(Buffer.from(found.bytes!()).equals(readFileSync(here))).toBe(true);
  });

  it('reads the font file once per process, not at every PDF (a CJK collection is ~20 MB), and the PDF embeds it', async () => {
    // A small TrueType font shipped in a dependency stands in for the CJK collection.
    const ocrb = new URL('../../node_modules/bwip-js/fonts/OCRB7.ttf', import.meta.url).pathname;
    const ocra = new URL('../../node_modules/bwip-js/fonts/OCRA7.ttf', import.meta.url).pathname;
    const reads: string[] = [];
    const read = (path: string) => {
      reads.push(path);
      return readFileSync(path);
    };
    const print = async (path: string) => {
      const pdf = await createPdf({ font: pickReportFont(path, () => true, read), title: 'IQ', subject: 's', creator: 'c' });
      pdf.paragraph('Installation qualification');
      return (await pdf.finish(() => 'page')).toString('latin1');
    };
    const first = await print(ocrb);
    await print(ocrb);
    expect(reads).toEqual([ocrb]);
    expect(first).toMatch(/\/BaseFont \/[A-Z]{6}\+OCRB/);
    // One font kept: another file replaces it.
    expect(await print(ocra)).toMatch(/\/BaseFont \/[A-Z]{6}\+OCRA/);
    expect(reads).toEqual([ocrb, ocra]);
  });

  it('without a CJK font prints "?" for what Helvetica cannot show, and keeps Latin-1', () => {
    expect(latin1Only('Chen Jing (陈静), Müller, 12.5 g ±0.1')).toBe('Chen Jing (??), Müller, 12.5 g ±0.1');
  });
});
