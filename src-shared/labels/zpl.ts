/**
 * ZPL II for a label layout (Zebra ZPL II Programming Guide). Text goes through ^FH so that
 * "^", "~" and "\" in a material name cannot become printer commands, and the whole format is
 * UTF-8 (^CI28). The DataMatrix is ECC 200 (^BX quality 200) with "_" as escape character, so
 * "_1" is FNC1: once in first position (which makes it a GS1 DataMatrix) and after every
 * variable-length element that is not last (GenSpecs §7.8.5). A literal "_" is "__".
 * Pure text: the station's label port and the hub's sample labels (IQC) both render with it.
 */
/** One thing on a label, in printer dots (the layout both ZPL and the PNG preview are drawn from). */
export type LayoutItem =
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly height: number; readonly text: string; readonly field: string }
  | { readonly kind: 'box'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly thickness: number }
  | {
      readonly kind: 'datamatrix';
      readonly x: number;
      readonly y: number;
      /** Module size in dots. */
      readonly module: number;
      /** Bracketed form (bwip-js input, human-readable line). */
      readonly hri: string;
      /** AI+value parts with FNC1 flags (ZPL input). */
      readonly parts: readonly { readonly text: string; readonly fnc1After: boolean }[];
    };

export interface LabelLayout {
  readonly widthDots: number;
  readonly heightDots: number;
  readonly items: readonly LayoutItem[];
  /**
   * GS1 pairing rules the symbol does not meet (GenSpecs §4.13), e.g. a lot (10) without a GTIN
   * on a material that has none. Printed anyway: the station reads its own labels; shown to
   * the user so that a label meant for trading partners gets a GTIN.
   */
  readonly warnings: readonly string[];
}

export interface ZplOptions {
  /** Copies to print (^PQ). */
  readonly copies?: number;
  /** Font selection for text; "0" is the printer's scalable font. */
  readonly font?: string;
}

/** Field data for ^FH\: hex-escape the characters ZPL would read as commands, and non-ASCII. */
export function zplFieldHex(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || ch === '^' || ch === '~' || ch === '\\' ? `\\${byte.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** ^FD data of a GS1 DataMatrix with escape character "_". */
export function zplGs1DataMatrixData(parts: readonly { readonly text: string; readonly fnc1After: boolean }[]): string {
  return '_1' + parts.map((p) => p.text.replaceAll('_', '__') + (p.fnc1After ? '_1' : '')).join('');
}

function item(i: LayoutItem, font: string): string {
  switch (i.kind) {
    case 'text':
      return `^FO${i.x},${i.y}^A${font}N,${i.height},${i.height}^FH\\^FD${zplFieldHex(i.text)}^FS`;
    case 'box':
      return `^FO${i.x},${i.y}^GB${i.width},${i.height},${i.thickness}^FS`;
    case 'datamatrix':
      return `^FO${i.x},${i.y}^BXN,${i.module},200,,,,_,1^FD${zplGs1DataMatrixData(i.parts)}^FS`;
  }
}

export function renderZpl(layout: LabelLayout, options: ZplOptions = {}): string {
  const font = options.font ?? '0';
  const lines = ['^XA', '^CI28', `^PW${layout.widthDots}`, `^LL${layout.heightDots}`, '^LH0,0'];
  for (const i of layout.items) lines.push(item(i, font));
  lines.push(`^PQ${options.copies ?? 1}`, '^XZ');
  return lines.join('\n') + '\n';
}
