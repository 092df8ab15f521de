/**
 * One PDF layer for every document Batchline prints (batch record, audit trail, IQ/OQ report):
 * pdfkit with the CJK font embedded (subset), A4, tables whose rows never split across a page,
 * and a footer stamped on every page once the page count is known, so each printed page says
 * "page n of m" and carries the document's identity and hash (Annex 11 §8.1 clear printed
 * copies; COMPLIANCE A11-14). Output is a Buffer: the CLI writes it to a file, the hub sends it.
 */
import { latin1Only, type ReportFont } from './pdf-font.ts';

export const PDF_MARGIN = 36;
const FOOTER_SPACE = 30;

export interface PdfOptions {
  font: ReportFont;
  title: string;
  subject: string;
  creator: string;
  landscape?: boolean;
  /** Fixed creation date (tests, reproducible output); default now. */
  creationDate?: Date;
}

export interface PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  /** The text as the embedded font can print it ("?" for CJK without a CJK font). */
  txt(s: string): string;
  /** Width between the margins. */
  readonly width: number;
  /** Start a new page when less than `height` points are left above the footer. */
  ensure(height: number): void;
  heading(text: string, size?: number): void;
  paragraph(text: string, opts?: { size?: number; color?: string }): void;
  /** One table row; widths in points, cells wrap; the row moves to the next page whole. */
  row(widths: readonly number[], cells: readonly string[], opts?: { fill?: string | null; size?: number }): void;
  /** Stamp `footer(page, count)` on every page and return the finished file. */
  finish(footer: (page: number, count: number) => string): Promise<Buffer>;
}

/**
 * pdfkit (with fontkit and its Unicode tables) is loaded at the first document, not when the
 * station or hub starts: importing it cost a quarter of a second of CPU at every start
 * (issue 16 item 2), for a batch record printed a few times a day.
 */
export async function createPdf(o: PdfOptions): Promise<PdfWriter> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: o.landscape ? 'landscape' : 'portrait',
    margin: PDF_MARGIN,
    bufferPages: true,
    info: { Title: o.title, Subject: o.subject, Creator: o.creator, ...(o.creationDate ? { CreationDate: o.creationDate } : {}) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit takes the file's bytes as well as its path (it reads a path itself).
  if (o.font.path) doc.registerFont('body', o.font.bytes?.() ?? o.font.path, o.font.face);
  doc.font(o.font.path ? 'body' : 'Helvetica');
  const txt = o.font.path ? (s: string) => s : latin1Only;
  const width = doc.page.width - 2 * PDF_MARGIN;
  const bottom = () => doc.page.height - PDF_MARGIN - FOOTER_SPACE;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  return {
    doc,
    txt,
    width,
    ensure,
    heading(text, size = 12) {
      ensure(size * 4);
      doc.moveDown(0.6).fontSize(size).fillColor('black').text(txt(text), PDF_MARGIN, doc.y, { width }).moveDown(0.2);
    },
    paragraph(text, p = {}) {
      doc.fontSize(p.size ?? 9);
      const h = doc.heightOfString(txt(text), { width });
      ensure(Math.min(h, 200));
      doc.fillColor(p.color ?? 'black').text(txt(text), PDF_MARGIN, doc.y, { width }).fillColor('black');
    },
    row(widths, cells, p = {}) {
      doc.fontSize(p.size ?? 8);
      const heights = cells.map((c, i) => doc.heightOfString(txt(c), { width: widths[i]! - 6 }));
      const h = Math.max(...heights) + 6;
      ensure(h);
      const y = doc.y;
      let x = PDF_MARGIN;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (p.fill) doc.rect(x, y, w, h).fill(p.fill).fillColor('black');
        doc.rect(x, y, w, h).lineWidth(0.5).stroke('#999');
        doc.fillColor('#111').text(txt(c), x + 3, y + 3, { width: w - 6 });
        x += w;
      });
      doc.fillColor('black');
      doc.x = PDF_MARGIN;
      doc.y = y + h;
    },
    async finish(footer) {
      const range = doc.bufferedPageRange();
      for (let i = 0; i < range.count; i++) {
        doc.switchToPage(range.start + i);
        const y = doc.page.height - PDF_MARGIN - 18;
        // The footer sits in the bottom margin: without this pdfkit would open a new page for it.
        const keep = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.fontSize(7).fillColor('#444').text(txt(footer(i + 1, range.count)), PDF_MARGIN, y, { width, lineBreak: true, height: 24 });
        doc.page.margins.bottom = keep;
      }
      doc.fillColor('black');
      doc.end();
      return done;
    },
  };
}
