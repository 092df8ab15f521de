/**
 * The font Batchline's PDFs are set in (the batch record, the audit trail, the IQ/OQ report).
 * Printed names, station names and every zh-CN page need CJK glyphs, which PDF's standard fonts
 * do not have, so a CJK font is embedded (subset) when one is installed: Debian's
 * fonts-noto-cjk, Windows' Microsoft YaHei, macOS' PingFang, or a file the plant names
 * (BATCHLINE_CJK_FONT / --font). Without one the PDF falls back to Helvetica and says so on its
 * first page, printing "?" for what it cannot show, rather than dropping characters silently.
 *
 * No file system here (src-core has no I/O): the caller passes how to test that a file exists.
 */
export interface ReportFont {
  /** Null: no CJK font; Helvetica with Latin-1 only. */
  readonly path: string | null;
  /** The face inside a collection (.ttc), by PostScript name. */
  readonly face?: string;
  readonly lookedFor: string;
}

export const CJK_FONT_CANDIDATES: readonly { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

/** `given` is FILE or FILE#PostScriptName (for a .ttc collection). */
export function pickReportFont(given: string | undefined, exists: (path: string) => boolean): ReportFont {
  if (given) {
    const [path, face] = given.split('#') as [string, string | undefined];
    return exists(path) ? { path, ...(face ? { face } : {}), lookedFor: path } : { path: null, lookedFor: path };
  }
  const found = CJK_FONT_CANDIDATES.find((c) => exists(c.path));
  return found ? { ...found, lookedFor: found.path } : { path: null, lookedFor: CJK_FONT_CANDIDATES.map((c) => c.path).join(', ') };
}

/** What Helvetica (WinAnsi) can print; everything else becomes "?". */
export function latin1Only(s: string): string {
  return s.replace(/[^\u0020-\u007e\u00a0-\u00ff\n]/g, '?');
}
