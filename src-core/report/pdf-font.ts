/**
 * The font Batchline's PDFs are set in (the batch record, the audit trail, the IQ/OQ report).
 * Printed names, station names and every zh-CN page need CJK glyphs, which PDF's standard fonts
 * do not have, so a CJK font is embedded (subset) when one is installed: Debian's
 * fonts-noto-cjk, Windows' Microsoft YaHei, macOS' PingFang, or a file the plant names
 * (BATCHLINE_CJK_FONT / --font). Without one the PDF falls back to Helvetica and says so on its
 * first page, printing "?" for what it cannot show, rather than dropping characters silently.
 *
 * No file system here (src-core has no I/O): the caller passes how to test that a file exists
 * and how to read one.
 */
export interface ReportFont {
  /** Null: no CJK font; Helvetica with Latin-1 only. */
  readonly path: string | null;
  /** The face inside a collection (.ttc), by PostScript name. */
  readonly face?: string;
  readonly lookedFor: string;
  /**
   * The font file's bytes, read at the first PDF and then kept for the process (see keptFont).
   * Absent: pdfkit reads `path` itself, at every PDF.
   */
  readonly bytes?: () => Uint8Array;
}

export const CJK_FONT_CANDIDATES: readonly { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

/**
 * `given` is FILE or FILE#PostScriptName (for a .ttc collection). With `read`, the font's bytes
 * are read once per process rather than by pdfkit at every PDF.
 */
export function pickReportFont(given: string | undefined, exists: (path: string) => boolean, read?: (path: string) => Uint8Array): ReportFont {
  const found = (path: string, face: string | undefined): ReportFont => ({ path, ...(face ? { face } : {}), lookedFor: path, ...(read ? { bytes: () => keptFont(path, read) } : {}) });
  if (given) {
    const [path, face] = given.split('#') as [string, string | undefined];
    return exists(path) ? found(path, face) : { path: null, lookedFor: path };
  }
  const candidate = CJK_FONT_CANDIDATES.find((c) => exists(c.path));
  return candidate ? found(candidate.path, candidate.face) : { path: null, lookedFor: CJK_FONT_CANDIDATES.map((c) => c.path).join(', ') };
}

/**
 * The one font file this process prints with, read at its first PDF. A CJK collection is about
 * 20 MB (Noto Sans CJK); pdfkit read it again for every PDF, which `batchline qualify` (a PDF per
 * run) and the hub's record prints paid each time. One entry: a process prints with one font, and
 * a second path (a test, a changed BATCHLINE_CJK_FONT) replaces it rather than keeping both.
 */
let kept: { path: string; bytes: Uint8Array } | null = null;
function keptFont(path: string, read: (path: string) => Uint8Array): Uint8Array {
  if (kept?.path !== path) kept = { path, bytes: read(path) };
  return kept.bytes;
}

/** What Helvetica (WinAnsi) can print; everything else becomes "?". */
export function latin1Only(s: string): string {
  return s.replace(/[^\u0020-\u007e\u00a0-\u00ff\n]/g, '?');
}
