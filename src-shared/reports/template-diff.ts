/**
 * What changed between two versions of a report template, as sentences an approver reads, in
 * English and Chinese (issue 14 items 4 and 6): title, site, footer, header fields and sections
 * added, removed or reordered; label fields added, removed, resized or reordered; the barcode
 * module size. Pure.
 */
import type { DiffLang } from '../recipe/recipe-diff.ts';
import type { BatchRecordTemplate, FontSize, LabelTemplate, TemplateCode, TemplateContent } from './report-template.ts';

const SECTION: Record<DiffLang, Record<string, string>> = {
  en: {
    order: 'Order',
    steps: 'Steps',
    deviations: 'Deviations',
    ipqc: 'In-process controls',
    labels: 'Label reconciliation',
    environment: 'Environment',
    refusals: 'Refused attempts',
    comments: 'Comments',
    changeHistory: 'Change history',
    signatures: 'Signatures',
    hubSignatures: 'Hub signatures',
    masterDataUsed: 'Master data used',
    completed: 'Completion',
  },
  'zh-CN': {
    order: '订单',
    steps: '步骤',
    deviations: '偏差',
    ipqc: '过程控制',
    labels: '标签核对',
    environment: '环境',
    refusals: '被拒绝的操作',
    comments: '备注',
    changeHistory: '变更历史',
    signatures: '签名',
    hubSignatures: '中心签名',
    masterDataUsed: '使用的主数据',
    completed: '完成',
  },
};

const FIELD: Record<DiffLang, Record<string, string>> = {
  en: {
    batch: 'batch',
    status: 'status',
    product: 'product',
    recipe: 'recipe',
    recipeHash: 'recipe content hash',
    batchSize: 'batch size',
    ledgerEntries: 'ledger entries',
    recordHash: 'record hash',
    printedBy: 'printed by',
    printedAt: 'printed at',
    site: 'site',
    title: 'title',
    'material.code': 'material code',
    'material.name': 'material name',
    lot: 'lot',
    net: 'net',
    tare: 'tare',
    gross: 'gross',
    expiry: 'expiry',
    holdUntil: 'hold until',
    dispensedBy: 'dispensed by',
    verifiedBy: 'verified by',
    dispensedAt: 'time',
    hri: 'barcode text',
  },
  'zh-CN': {
    batch: '批号',
    status: '状态',
    product: '产品',
    recipe: '配方',
    recipeHash: '配方内容哈希',
    batchSize: '批量',
    ledgerEntries: '账本条目',
    recordHash: '记录哈希',
    printedBy: '打印人',
    printedAt: '打印时间',
    site: '工厂',
    title: '标题',
    'material.code': '物料代码',
    'material.name': '物料名称',
    lot: '物料批号',
    net: '净重',
    tare: '皮重',
    gross: '毛重',
    expiry: '有效期',
    holdUntil: '保留至',
    dispensedBy: '称量人',
    verifiedBy: '复核人',
    dispensedAt: '时间',
    hri: '条码文字',
  },
};

const SIZE: Record<DiffLang, Record<FontSize, string>> = { en: { small: 'small', medium: 'medium', large: 'large' }, 'zh-CN': { small: '小', medium: '中', large: '大' } };

const W = {
  en: {
    title: (lang: string, a: string, b: string) => `Title (${lang}) changed from “${a}” to “${b}”.`,
    site: (a: string, b: string) => `Site name changed from “${a}” to “${b}”.`,
    footer: (lang: string, a: string, b: string) => `Page footer text (${lang}) changed from “${a}” to “${b}”.`,
    sectionAdded: (s: string, n: number) => `Section “${s}” added at position ${n}.`,
    sectionRemoved: (s: string) => `Section “${s}” removed.`,
    sectionOrder: (a: string, b: string) => `Section order changed from ${a} to ${b}.`,
    headerAdded: (f: string, n: number) => `Header field “${f}” added at position ${n}.`,
    headerRemoved: (f: string) => `Header field “${f}” removed.`,
    headerOrder: (a: string, b: string) => `Header field order changed from ${a} to ${b}.`,
    fieldAdded: (f: string, n: number, size: string) => `Label field “${f}” added at position ${n} (${size} text).`,
    fieldRemoved: (f: string) => `Label field “${f}” removed.`,
    fieldSize: (f: string, a: string, b: string) => `Label field “${f}”: text size changed from ${a} to ${b}.`,
    fieldOrder: (a: string, b: string) => `Label field order changed from ${a} to ${b}.`,
    module: (a: number, b: number) => `Barcode module size changed from ${a} to ${b} dots.`,
    none: 'No change.',
    empty: '(none)',
    sep: ', ',
  },
  'zh-CN': {
    title: (lang: string, a: string, b: string) => `标题（${lang}）由“${a}”改为“${b}”。`,
    site: (a: string, b: string) => `工厂名称由“${a}”改为“${b}”。`,
    footer: (lang: string, a: string, b: string) => `页脚文字（${lang}）由“${a}”改为“${b}”。`,
    sectionAdded: (s: string, n: number) => `在第 ${n} 位新增章节“${s}”。`,
    sectionRemoved: (s: string) => `删除章节“${s}”。`,
    sectionOrder: (a: string, b: string) => `章节顺序由 ${a} 改为 ${b}。`,
    headerAdded: (f: string, n: number) => `在第 ${n} 位新增页眉字段“${f}”。`,
    headerRemoved: (f: string) => `删除页眉字段“${f}”。`,
    headerOrder: (a: string, b: string) => `页眉字段顺序由 ${a} 改为 ${b}。`,
    fieldAdded: (f: string, n: number, size: string) => `在第 ${n} 位新增标签字段“${f}”（${size}号字）。`,
    fieldRemoved: (f: string) => `删除标签字段“${f}”。`,
    fieldSize: (f: string, a: string, b: string) => `标签字段“${f}”：字号由${a}改为${b}。`,
    fieldOrder: (a: string, b: string) => `标签字段顺序由 ${a} 改为 ${b}。`,
    module: (a: number, b: number) => `条码模块尺寸由 ${a} 点改为 ${b} 点。`,
    none: '无变更。',
    empty: '（无）',
    sep: '、',
  },
} as const;

/** Sentences for the change from `a` to `b` of one template. */
export function describeTemplateChanges(code: TemplateCode, a: TemplateContent, b: TemplateContent, lang: DiffLang): string[] {
  const out = code === 'batch-record' ? batchRecordChanges(a as BatchRecordTemplate, b as BatchRecordTemplate, lang) : labelChanges(a as LabelTemplate, b as LabelTemplate, lang);
  return out.length > 0 ? out : [W[lang].none];
}

function batchRecordChanges(a: BatchRecordTemplate, b: BatchRecordTemplate, lang: DiffLang): string[] {
  const w = W[lang];
  const out: string[] = [];
  for (const l of ['en', 'zh-CN'] as const) if (a.title[l] !== b.title[l]) out.push(w.title(l, a.title[l], b.title[l]));
  if ((a.siteName ?? '') !== (b.siteName ?? '')) out.push(w.site(a.siteName ?? w.empty, b.siteName ?? w.empty));
  out.push(...listChanges(a.headerFields, b.headerFields, (f) => FIELD[lang][f] ?? f, w.headerAdded, w.headerRemoved, w.headerOrder, w.sep));
  out.push(...listChanges(a.sections, b.sections, (s) => SECTION[lang][s] ?? s, w.sectionAdded, w.sectionRemoved, w.sectionOrder, w.sep));
  for (const l of ['en', 'zh-CN'] as const) if (a.footer[l] !== b.footer[l]) out.push(w.footer(l, a.footer[l] || w.empty, b.footer[l] || w.empty));
  return out;
}

function labelChanges(a: LabelTemplate, b: LabelTemplate, lang: DiffLang): string[] {
  const w = W[lang];
  const name = (f: string) => FIELD[lang][f] ?? f;
  const out: string[] = [];
  const sizeA = new Map(a.fields.map((f) => [f.field, f.size]));
  out.push(
    ...listChanges(
      a.fields.map((f) => f.field),
      b.fields.map((f) => f.field),
      name,
      (f, n) => w.fieldAdded(f, n, SIZE[lang][b.fields[n - 1]!.size]),
      w.fieldRemoved,
      w.fieldOrder,
      w.sep,
    ),
  );
  for (const f of b.fields) {
    const was = sizeA.get(f.field);
    if (was && was !== f.size) out.push(w.fieldSize(name(f.field), SIZE[lang][was], SIZE[lang][f.size]));
  }
  if (a.barcodeModuleDots !== b.barcodeModuleDots) out.push(w.module(a.barcodeModuleDots, b.barcodeModuleDots));
  return out;
}

/** Added (with 1-based position in `b`), removed, and — among the entries both keep — a changed order. */
function listChanges(
  a: readonly string[],
  b: readonly string[],
  name: (x: string) => string,
  added: (x: string, n: number) => string,
  removed: (x: string) => string,
  order: (from: string, to: string) => string,
  sep: string,
): string[] {
  const out: string[] = [];
  b.forEach((x, i) => {
    if (!a.includes(x)) out.push(added(name(x), i + 1));
  });
  for (const x of a) if (!b.includes(x)) out.push(removed(name(x)));
  const keptA = a.filter((x) => b.includes(x));
  const keptB = b.filter((x) => a.includes(x));
  if (keptA.join('\u0000') !== keptB.join('\u0000')) out.push(order(keptA.map(name).join(sep), keptB.map(name).join(sep)));
  return out;
}
