/**
 * What changed between two versions of a recipe, as sentences an approver reads (issue 14
 * item 4): the ISA-88 structure (unit procedures, operations, steps added, removed, moved) and
 * the parameters (material lines, quantities, tolerances, step limits, check plans, yield
 * limits). Pure: `recipeChanges` lists the changes as data, `describeRecipeChanges` words them in
 * English or Chinese. Objects are matched by their ids (unitProcedureId, operationId, stepId,
 * lineId, checkId), never by position; "moved" means another parent, or another order among
 * the siblings both versions share (the ones outside their longest common order moved).
 */
import type { Recipe } from './recipe.ts';

export type DiffLang = 'en' | 'zh-CN';

export type RecipeChangeCode =
  | 'recipe-field-changed'
  | 'unit-procedure-added'
  | 'unit-procedure-removed'
  | 'unit-procedure-moved'
  | 'operation-added'
  | 'operation-removed'
  | 'operation-moved'
  | 'step-added'
  | 'step-removed'
  | 'step-moved'
  | 'step-changed'
  | 'line-added'
  | 'line-removed'
  | 'line-changed'
  | 'check-plan-added'
  | 'check-plan-removed'
  | 'check-plan-changed';

/** One change. `from`/`to` are the raw values (JSON) of a changed field; the words format them. */
export interface RecipeChange {
  code: RecipeChangeCode;
  /** The id of what changed (step id, line id, …); the recipe's field for recipe-field-changed. */
  id: string;
  name?: string;
  /** Parent ids and 1-based positions, where they matter. */
  parent?: string;
  fromParent?: string;
  position?: number;
  fromPosition?: number;
  field?: string;
  from?: unknown;
  to?: unknown;
}

type Up = Recipe['unitProcedures'][number];
type Op = Up['operations'][number];
type Step = Op['steps'][number];
type Line = Recipe['materialLines'][number];
type Plan = NonNullable<Recipe['checkPlans']>[number];

interface Placed<T> {
  item: T;
  parent: string;
  position: number;
}

const RECIPE_FIELDS = ['schemaVersion', 'name', 'product', 'baseBatchSize', 'yieldLimits'] as const;
const LINE_FIELDS = ['materialCode', 'quantity', 'tolerance', 'compensatesFor'] as const;

export function recipeChanges(from: Recipe, to: Recipe): RecipeChange[] {
  const out: RecipeChange[] = [];
  for (const f of RECIPE_FIELDS) {
    if (!same(from[f], to[f])) out.push({ code: 'recipe-field-changed', id: f, field: f, from: from[f] ?? null, to: to[f] ?? null });
  }
  const ups = (r: Recipe) => new Map(r.unitProcedures.map((u, i) => [u.unitProcedureId, { item: u, parent: '', position: i + 1 }] as const));
  const ops = (r: Recipe) => new Map(r.unitProcedures.flatMap((u) => u.operations.map((o, i) => [o.operationId, { item: o, parent: u.unitProcedureId, position: i + 1 }] as const)));
  const steps = (r: Recipe) => new Map(r.unitProcedures.flatMap((u) => u.operations.flatMap((o) => o.steps.map((s, i) => [s.stepId, { item: s, parent: o.operationId, position: i + 1 }] as const))));
  structure(out, 'unit-procedure', ups(from), ups(to), (u: Up) => u.name);
  structure(out, 'operation', ops(from), ops(to), (o: Op) => o.name);
  const a = steps(from);
  const b = steps(to);
  structure(out, 'step', a, b, (s: Step) => s.name);
  for (const [id, pb] of b) {
    const pa = a.get(id);
    if (!pa) continue;
    for (const d of leafDiffs(pa.item, pb.item, ['stepId'])) out.push({ code: 'step-changed', id, name: pb.item.name, ...d });
  }
  const lines = (r: Recipe) => new Map(r.materialLines.map((l) => [l.lineId, l] as const));
  const la = lines(from);
  const lb = lines(to);
  for (const [id, l] of la) if (!lb.has(id)) out.push({ code: 'line-removed', id, name: l.materialCode, to: l.quantity });
  for (const [id, l] of lb) {
    const old = la.get(id);
    if (!old) {
      out.push({ code: 'line-added', id, name: l.materialCode, to: l.quantity });
      continue;
    }
    for (const f of LINE_FIELDS) if (!same(old[f], l[f])) out.push({ code: 'line-changed', id, name: l.materialCode, field: f, from: (old as Line)[f], to: l[f] });
  }
  const plans = (r: Recipe) => new Map((r.checkPlans ?? []).map((p) => [p.checkId, p] as const));
  const ca = plans(from);
  const cb = plans(to);
  for (const [id, p] of ca) if (!cb.has(id)) out.push({ code: 'check-plan-removed', id, name: planName(p) });
  for (const [id, p] of cb) {
    const old = ca.get(id);
    if (!old) out.push({ code: 'check-plan-added', id, name: planName(p) });
    else for (const d of leafDiffs(old, p, ['checkId'])) out.push({ code: 'check-plan-changed', id, name: planName(p), ...d });
  }
  return out;
}

function planName(p: Plan): string {
  const n = (p as { name?: unknown }).name;
  return typeof n === 'string' ? n : p.checkId;
}

type Level = 'unit-procedure' | 'operation' | 'step';

/** Added, removed and moved at one level of the tree. */
function structure<T>(out: RecipeChange[], level: Level, a: Map<string, Placed<T>>, b: Map<string, Placed<T>>, nameOf: (t: T) => string): void {
  for (const [id, p] of a) if (!b.has(id)) out.push({ code: `${level}-removed`, id, name: nameOf(p.item), ...(p.parent ? { parent: p.parent } : {}) });
  for (const [id, p] of b) if (!a.has(id)) out.push({ code: `${level}-added`, id, name: nameOf(p.item), ...(p.parent ? { parent: p.parent } : {}), position: p.position });
  // Siblings under the same parent in both versions: the ones outside the longest common order moved.
  const byParent = (m: Map<string, Placed<T>>, other: Map<string, Placed<T>>) => {
    const groups = new Map<string, string[]>();
    for (const [id, p] of [...m].sort((x, y) => x[1].position - y[1].position)) {
      if (other.get(id)?.parent !== p.parent) continue;
      groups.set(p.parent, [...(groups.get(p.parent) ?? []), id]);
    }
    return groups;
  };
  const ga = byParent(a, b);
  const gb = byParent(b, a);
  const reordered = new Set<string>();
  for (const [parent, seqA] of ga) {
    const keep = new Set(longestCommonOrder(seqA, gb.get(parent) ?? []));
    for (const id of seqA) if (!keep.has(id)) reordered.add(id);
  }
  for (const [id, pb] of b) {
    const pa = a.get(id);
    if (!pa || (pa.parent === pb.parent && !reordered.has(id))) continue;
    out.push({ code: `${level}-moved`, id, name: nameOf(pb.item), ...(pb.parent ? { parent: pb.parent, fromParent: pa.parent } : {}), position: pb.position, fromPosition: pa.position });
  }
}

/** The longest common subsequence of two id sequences (small: siblings of one parent). */
export function longestCommonOrder(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const t: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const out: string[] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}

/** Field-level differences of two objects, by dotted path; a value that is a mass or a tolerance stays whole. */
function leafDiffs(a: unknown, b: unknown, skip: readonly string[]): { field: string; from: unknown; to: unknown }[] {
  const out: { field: string; from: unknown; to: unknown }[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (same(x, y)) return;
    if (isBranch(x) && isBranch(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !(path === '' && skip.includes(k))).sort();
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    out.push({ field: path, from: x ?? null, to: y ?? null });
  };
  walk(a, b, '');
  return out;
}

/** Plain objects and arrays are walked into, except the values an approver reads as one (a mass, a tolerance). */
function isBranch(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  return !('amount' in v && 'unit' in v) && !('type' in v && ('minus' in v || 'plus' in v));
}

function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (v === undefined) return 'null';
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Words

const TEMPLATES: Record<DiffLang, Record<RecipeChangeCode, string>> = {
  en: {
    'recipe-field-changed': 'The recipe’s {field} changed from {from} to {to}.',
    'unit-procedure-added': 'Unit procedure {id} “{name}” was added (position {position}).',
    'unit-procedure-removed': 'Unit procedure {id} “{name}” was removed.',
    'unit-procedure-moved': 'Unit procedure {id} “{name}” moved from position {fromPosition} to {position}.',
    'operation-added': 'Operation {id} “{name}” was added to unit procedure {parent} (position {position}).',
    'operation-removed': 'Operation {id} “{name}” was removed from unit procedure {parent}.',
    'operation-moved': 'Operation {id} “{name}” moved from {fromParent} position {fromPosition} to {parent} position {position}.',
    'step-added': 'Step {id} “{name}” was added to operation {parent} (position {position}).',
    'step-removed': 'Step {id} “{name}” was removed from operation {parent}.',
    'step-moved': 'Step {id} “{name}” moved from {fromParent} position {fromPosition} to {parent} position {position}.',
    'step-changed': 'Step {id} “{name}”: {field} changed from {from} to {to}.',
    'line-added': 'Material line {id} ({name}, {to}) was added.',
    'line-removed': 'Material line {id} ({name}, {to}) was removed.',
    'line-changed': 'Material line {id} ({name}): {field} changed from {from} to {to}.',
    'check-plan-added': 'In-process check {id} “{name}” was added.',
    'check-plan-removed': 'In-process check {id} “{name}” was removed.',
    'check-plan-changed': 'In-process check {id} “{name}”: {field} changed from {from} to {to}.',
  },
  'zh-CN': {
    'recipe-field-changed': '配方的{field}由 {from} 改为 {to}。',
    'unit-procedure-added': '新增单元规程 {id}“{name}”（第 {position} 位）。',
    'unit-procedure-removed': '删除单元规程 {id}“{name}”。',
    'unit-procedure-moved': '单元规程 {id}“{name}”由第 {fromPosition} 位移至第 {position} 位。',
    'operation-added': '在单元规程 {parent} 中新增操作 {id}“{name}”（第 {position} 位）。',
    'operation-removed': '从单元规程 {parent} 中删除操作 {id}“{name}”。',
    'operation-moved': '操作 {id}“{name}”由 {fromParent} 第 {fromPosition} 位移至 {parent} 第 {position} 位。',
    'step-added': '在操作 {parent} 中新增步骤 {id}“{name}”（第 {position} 位）。',
    'step-removed': '从操作 {parent} 中删除步骤 {id}“{name}”。',
    'step-moved': '步骤 {id}“{name}”由 {fromParent} 第 {fromPosition} 位移至 {parent} 第 {position} 位。',
    'step-changed': '步骤 {id}“{name}”：{field}由 {from} 改为 {to}。',
    'line-added': '新增物料行 {id}（{name}，{to}）。',
    'line-removed': '删除物料行 {id}（{name}，{to}）。',
    'line-changed': '物料行 {id}（{name}）：{field}由 {from} 改为 {to}。',
    'check-plan-added': '新增过程检查 {id}“{name}”。',
    'check-plan-removed': '删除过程检查 {id}“{name}”。',
    'check-plan-changed': '过程检查 {id}“{name}”：{field}由 {from} 改为 {to}。',
  },
};

/** Field words; a path without words is shown as it is (e.g. checklist.2.text). */
const FIELDS: Record<DiffLang, Record<string, string>> = {
  en: {
    schemaVersion: 'schema version',
    name: 'name',
    product: 'product',
    baseBatchSize: 'base batch size',
    yieldLimits: 'yield limits',
    materialCode: 'material',
    quantity: 'quantity',
    tolerance: 'tolerance',
    compensatesFor: 'compensated line',
    instruction: 'instruction',
    type: 'step type',
    method: 'weighing method',
    lineId: 'material line',
    lineIds: 'material lines',
    'signatures.performed': '“performed” signature required',
    'signatures.verified': '“verified” signature required',
    'parameter.min': 'lower limit',
    'parameter.max': 'upper limit',
    'parameter.unit': 'unit',
    'parameter.name': 'parameter',
    'check.lower': 'lower limit',
    'check.upper': 'upper limit',
    'check.unit': 'unit',
    durationSeconds: 'duration (s)',
    maxSeconds: 'longest allowed time (s)',
    'specification.lower': 'lower specification limit',
    'specification.upper': 'upper specification limit',
    control: 'control limits',
    'control.lcl': 'lower control limit',
    'control.ucl': 'upper control limit',
    'control.center': 'centre line',
    frequency: 'frequency',
    sampleSize: 'sample size',
  },
  'zh-CN': {
    schemaVersion: '结构版本',
    name: '名称',
    product: '产品',
    baseBatchSize: '基准批量',
    yieldLimits: '收率限度',
    materialCode: '物料',
    quantity: '数量',
    tolerance: '允差',
    compensatesFor: '补偿的物料行',
    instruction: '操作说明',
    type: '步骤类型',
    method: '称量方式',
    lineId: '物料行',
    lineIds: '物料行',
    'signatures.performed': '需要“执行”签名',
    'signatures.verified': '需要“复核”签名',
    'parameter.min': '下限',
    'parameter.max': '上限',
    'parameter.unit': '单位',
    'parameter.name': '参数',
    'check.lower': '下限',
    'check.upper': '上限',
    'check.unit': '单位',
    durationSeconds: '时长（秒）',
    maxSeconds: '最长允许时间（秒）',
    'specification.lower': '质量标准下限',
    'specification.upper': '质量标准上限',
    control: '控制限',
    'control.lcl': '控制下限',
    'control.ucl': '控制上限',
    'control.center': '中心线',
    frequency: '频次',
    sampleSize: '样本量',
  },
};

const WORDS: Record<DiffLang, { none: string; yes: string; no: string }> = {
  en: { none: 'none', yes: 'yes', no: 'no' },
  'zh-CN': { none: '无', yes: '是', no: '否' },
};

/** A value as an approver reads it: "10 kg", "−2 % / +2 %", "yes", "none". */
export function formatDiffValue(v: unknown, lang: DiffLang): string {
  const w = WORDS[lang];
  if (v === null || v === undefined) return w.none;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? w.none : v.map((x) => formatDiffValue(x, lang)).join(', ');
  const o = v as Record<string, unknown>;
  if (typeof o.amount === 'string' && typeof o.unit === 'string') return `${o.amount} ${o.unit}`;
  if (o.type === 'percent') return `−${String(o.minus)} % / +${String(o.plus)} %`;
  if (o.type === 'absolute') return `−${formatDiffValue(o.minus, lang)} / +${formatDiffValue(o.plus, lang)}`;
  if (typeof o.code === 'string' && typeof o.name === 'string') return `${o.code} ${o.name}`;
  if (typeof o.lowerPercent === 'string' && typeof o.upperPercent === 'string') return `${o.lowerPercent} %–${o.upperPercent} %`;
  return Object.keys(o)
    .sort()
    .map((k) => `${k} ${formatDiffValue(o[k], lang)}`)
    .join(', ');
}

export function describeRecipeChange(c: RecipeChange, lang: DiffLang): string {
  const fields = FIELDS[lang];
  const values: Record<string, string> = {
    id: c.id,
    name: c.name ?? c.id,
    parent: c.parent ?? '',
    fromParent: c.fromParent ?? '',
    position: String(c.position ?? ''),
    fromPosition: String(c.fromPosition ?? ''),
    field: c.field === undefined ? '' : (fields[c.field] ?? c.field),
    from: formatDiffValue(c.from, lang),
    to: formatDiffValue(c.to, lang),
  };
  return TEMPLATES[lang][c.code].replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');
}

export function describeRecipeChanges(changes: readonly RecipeChange[], lang: DiffLang): string[] {
  return changes.map((c) => describeRecipeChange(c, lang));
}
