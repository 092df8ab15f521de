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
import type { FormCondition, FormDefinition, FormFieldSchema } from './form-schema.ts';

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
  | 'check-plan-changed'
  | 'form-field-added'
  | 'form-field-removed'
  | 'form-field-changed'
  | 'form-calculation-added'
  | 'form-calculation-removed'
  | 'form-calculation-changed'
  | 'form-field-roles-changed';

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
  /** The form field (schema property name) a form-* change is about. */
  formField?: string;
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
    const forms = pa.item.type === 'form' && pb.item.type === 'form';
    for (const d of leafDiffs(pa.item, pb.item, forms ? ['stepId', 'form'] : ['stepId'])) out.push({ code: 'step-changed', id, name: pb.item.name, ...d });
    if (pa.item.type === 'form' && pb.item.type === 'form') out.push(...formChanges(id, pb.item.name, pa.item.form, pb.item.form));
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

/**
 * A form step's definition, compared by field name (never by position): fields added, removed
 * and changed attribute by attribute (title, type, limits, unit, allowed values, required),
 * calculations by the field they compute, field roles, signatures, layout and zh-CN labels.
 */
function formChanges(id: string, name: string, a: FormDefinition, b: FormDefinition): RecipeChange[] {
  const out: RecipeChange[] = [];
  const at = { id, name };
  for (const k of ['title', 'description', '$schema', 'allOf'] as const) {
    if (!same(a.schema[k], b.schema[k])) out.push({ code: 'step-changed', ...at, field: `form.schema.${k}`, from: a.schema[k] ?? null, to: b.schema[k] ?? null });
  }
  const pa = a.schema.properties;
  const pb = b.schema.properties;
  const reqA = new Set(a.schema.required ?? []);
  const reqB = new Set(b.schema.required ?? []);
  for (const [f, def] of Object.entries(pa)) if (!(f in pb)) out.push({ code: 'form-field-removed', ...at, formField: f, from: formFieldValue(def, reqA.has(f)) });
  for (const [f, def] of Object.entries(pb)) {
    const old = pa[f];
    if (!old) {
      out.push({ code: 'form-field-added', ...at, formField: f, to: formFieldValue(def, reqB.has(f)) });
      continue;
    }
    const keys = [...new Set([...Object.keys(old), ...Object.keys(def)])].sort() as (keyof FormFieldSchema)[];
    for (const k of keys) if (!same(old[k], def[k])) out.push({ code: 'form-field-changed', ...at, formField: f, field: `formField.${k}`, from: old[k] ?? null, to: def[k] ?? null });
    if (reqA.has(f) !== reqB.has(f)) out.push({ code: 'form-field-changed', ...at, formField: f, field: 'formField.required', from: reqA.has(f), to: reqB.has(f) });
  }
  const calc = (d: FormDefinition) => new Map(d.calculations.map((c) => [c.field, c.expression] as const));
  const ca = calc(a);
  const cb = calc(b);
  for (const [f, e] of ca) if (!cb.has(f)) out.push({ code: 'form-calculation-removed', ...at, formField: f, from: e });
  for (const [f, e] of cb) {
    const old = ca.get(f);
    if (old === undefined) out.push({ code: 'form-calculation-added', ...at, formField: f, to: e });
    else if (old !== e) out.push({ code: 'form-calculation-changed', ...at, formField: f, from: old, to: e });
  }
  for (const f of [...new Set([...Object.keys(a.fieldRoles), ...Object.keys(b.fieldRoles)])].sort()) {
    if (!same(a.fieldRoles[f], b.fieldRoles[f])) out.push({ code: 'form-field-roles-changed', ...at, formField: f, from: a.fieldRoles[f] ?? null, to: b.fieldRoles[f] ?? null });
  }
  if (!same(a.signatures, b.signatures)) out.push({ code: 'step-changed', ...at, field: 'form.signatures', from: a.signatures, to: b.signatures });
  if (!same(a.uiSchema, b.uiSchema)) out.push({ code: 'step-changed', ...at, field: 'form.uiSchema', from: a.uiSchema, to: b.uiSchema });
  const za = a.i18n['zh-CN'];
  const zb = b.i18n['zh-CN'];
  if (!same(za?.title, zb?.title)) out.push({ code: 'step-changed', ...at, field: 'form.i18n.title', from: za?.title ?? null, to: zb?.title ?? null });
  for (const f of [...new Set([...Object.keys(za?.fields ?? {}), ...Object.keys(zb?.fields ?? {})])].sort()) {
    const x = za?.fields[f];
    const y = zb?.fields[f];
    if (!same(x, y)) out.push({ code: 'form-field-changed', ...at, formField: f, field: 'formField.zh-CN', from: x ?? null, to: y ?? null });
  }
  return out;
}

/** A form field as one value an approver reads: its definition plus whether it is required. */
function formFieldValue(def: FormFieldSchema, required: boolean): Record<string, unknown> {
  return { formFieldDef: def, required };
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
    'form-field-added': 'Step {id} “{name}”: form field {formField} was added ({to}).',
    'form-field-removed': 'Step {id} “{name}”: form field {formField} was removed ({from}).',
    'form-field-changed': 'Step {id} “{name}”: form field {formField}: {field} changed from {from} to {to}.',
    'form-calculation-added': 'Step {id} “{name}”: form field {formField} is now calculated as {to}.',
    'form-calculation-removed': 'Step {id} “{name}”: form field {formField} is no longer calculated (was {from}).',
    'form-calculation-changed': 'Step {id} “{name}”: the calculation of form field {formField} changed from {from} to {to}.',
    'form-field-roles-changed': 'Step {id} “{name}”: the roles that may fill form field {formField} changed from {from} to {to}.',
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
    'form-field-added': '步骤 {id}“{name}”：新增表单字段 {formField}（{to}）。',
    'form-field-removed': '步骤 {id}“{name}”：删除表单字段 {formField}（{from}）。',
    'form-field-changed': '步骤 {id}“{name}”：表单字段 {formField} 的{field}由 {from} 改为 {to}。',
    'form-calculation-added': '步骤 {id}“{name}”：表单字段 {formField} 改为按 {to} 计算。',
    'form-calculation-removed': '步骤 {id}“{name}”：表单字段 {formField} 不再计算（原为 {from}）。',
    'form-calculation-changed': '步骤 {id}“{name}”：表单字段 {formField} 的计算式由 {from} 改为 {to}。',
    'form-field-roles-changed': '步骤 {id}“{name}”：可填写表单字段 {formField} 的角色由 {from} 改为 {to}。',
  },
};

/**
 * Field words, by dotted path; `*` stands for a list position, shown as {n} (1-based). A path
 * without words would be shown as it is; recipe-diff.test.ts proves every field of every step
 * type, form definition and check plan has words in both languages.
 */
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
    equipmentClass: 'equipment class',
    checklist: 'checklist',
    'checklist.*': 'checklist item {n}',
    'checklist.*.itemId': 'id of checklist item {n}',
    'checklist.*.text': 'text of checklist item {n}',
    balanceIds: 'balances',
    'balanceIds.*': 'balance {n}',
    equipmentClasses: 'equipment classes',
    'equipmentClasses.*': 'equipment class {n}',
    'lineIds.*': 'material line {n}',
    parameter: 'parameter',
    'parameter.decimals': 'decimals',
    check: 'check',
    'check.name': 'checked value',
    'check.decimals': 'decimals',
    labelKind: 'label kind',
    meaning: 'signature meaning',
    statement: 'signature statement',
    forStepId: 'charge step of the kit',
    receiverSigns: 'receiver co-signs',
    signatures: 'signatures',
    unit: 'unit',
    source: 'value source',
    'frequency.every': 'frequency basis',
    'frequency.minutes': 'interval (min)',
    'frequency.graceMinutes': 'grace (min)',
    'frequency.units': 'interval (units)',
    'frequency.graceUnits': 'grace (units)',
    decimals: 'decimals',
    specification: 'specification limits',
    rules: 'run rules',
    'rules.*': 'run rule {n}',
    form: 'form definition',
    'form.schema.title': 'form title',
    'form.schema.description': 'form description',
    'form.schema.$schema': 'form schema dialect',
    'form.schema.allOf': 'conditional fields',
    'form.signatures': 'signatures that complete the form',
    'form.uiSchema': 'form layout',
    'form.i18n.title': 'Chinese form title',
    'formField.type': 'type',
    'formField.title': 'title',
    'formField.description': 'description',
    'formField.minimum': 'lower limit',
    'formField.maximum': 'upper limit',
    'formField.exclusiveMinimum': 'lower limit (exclusive)',
    'formField.exclusiveMaximum': 'upper limit (exclusive)',
    'formField.multipleOf': 'step (multiple of)',
    'formField.minLength': 'shortest length',
    'formField.maxLength': 'longest length',
    'formField.enum': 'allowed values',
    'formField.const': 'fixed value',
    'formField.default': 'default value',
    'formField.readOnly': 'read-only',
    'formField.x-unit': 'unit',
    'formField.x-decimals': 'decimals',
    'formField.required': 'required',
    'formField.zh-CN': 'Chinese label',
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
    equipmentClass: '设备类别',
    checklist: '检查清单',
    'checklist.*': '检查清单第 {n} 项',
    'checklist.*.itemId': '检查清单第 {n} 项的编号',
    'checklist.*.text': '检查清单第 {n} 项的内容',
    balanceIds: '天平',
    'balanceIds.*': '第 {n} 台天平',
    equipmentClasses: '设备类别',
    'equipmentClasses.*': '第 {n} 个设备类别',
    'lineIds.*': '第 {n} 个物料行',
    parameter: '参数',
    'parameter.decimals': '小数位数',
    check: '检查',
    'check.name': '检查项',
    'check.decimals': '小数位数',
    labelKind: '标签类型',
    meaning: '签名含义',
    statement: '签名声明',
    forStepId: '配套对应的投料步骤',
    receiverSigns: '接收人会签',
    signatures: '签名',
    unit: '单位',
    source: '数值来源',
    'frequency.every': '频次依据',
    'frequency.minutes': '间隔（分钟）',
    'frequency.graceMinutes': '宽限（分钟）',
    'frequency.units': '间隔（件数）',
    'frequency.graceUnits': '宽限（件数）',
    decimals: '小数位数',
    specification: '质量标准限度',
    rules: '判异规则',
    'rules.*': '第 {n} 条判异规则',
    form: '表单定义',
    'form.schema.title': '表单标题',
    'form.schema.description': '表单说明',
    'form.schema.$schema': '表单结构规范',
    'form.schema.allOf': '条件字段',
    'form.signatures': '完成表单所需的签名',
    'form.uiSchema': '表单布局',
    'form.i18n.title': '表单中文标题',
    'formField.type': '类型',
    'formField.title': '标题',
    'formField.description': '说明',
    'formField.minimum': '下限',
    'formField.maximum': '上限',
    'formField.exclusiveMinimum': '下限（不含）',
    'formField.exclusiveMaximum': '上限（不含）',
    'formField.multipleOf': '步长（倍数）',
    'formField.minLength': '最短长度',
    'formField.maxLength': '最长长度',
    'formField.enum': '允许值',
    'formField.const': '固定值',
    'formField.default': '默认值',
    'formField.readOnly': '只读',
    'formField.x-unit': '单位',
    'formField.x-decimals': '小数位数',
    'formField.required': '必填',
    'formField.zh-CN': '中文标签',
  },
};

/** The words of a field path, or undefined when it has none (then the path itself is shown). */
export function fieldWords(path: string, lang: DiffLang): string | undefined {
  const fields = FIELDS[lang];
  if (fields[path] !== undefined) return fields[path];
  const n = /(?:^|\.)(\d+)(?:\.|$)/.exec(path);
  if (!n) return undefined;
  const words = fields[path.replace(/(^|\.)\d+(?=\.|$)/, '$1*')];
  return words?.replace('{n}', String(Number(n[1]) + 1));
}

const WORDS: Record<DiffLang, { none: string; yes: string; no: string; required: string; optional: string; types: Record<string, string>; meanings: Record<string, string> }> = {
  en: { none: 'none', yes: 'yes', no: 'no', required: 'required', optional: 'optional', types: {}, meanings: {} },
  'zh-CN': {
    none: '无',
    yes: '是',
    no: '否',
    required: '必填',
    optional: '选填',
    types: { number: '数值', integer: '整数', string: '文本', boolean: '是/否' },
    meanings: { performed: '执行', verified: '复核', witnessed: '见证', approved: '批准' },
  },
};

const CONDITION: Record<DiffLang, { when: string; oneOf: string; then: string; otherwise: string; required: string; sep: string }> = {
  en: { when: 'when {test}', oneOf: '{field} is one of {values}', then: 'fields {fields}', otherwise: 'otherwise fields {fields}', required: 'required {fields}', sep: ': ' },
  'zh-CN': { when: '当 {test} 时', oneOf: '{field} 为 {values} 之一', then: '字段 {fields}', otherwise: '否则字段 {fields}', required: '必填 {fields}', sep: '，' },
};

/** A conditional-field rule as "when kind = "other": fields detail (required detail)". */
function formatCondition(c: FormCondition, lang: DiffLang): string {
  const words = CONDITION[lang];
  const test = Object.entries(c.if.properties)
    .map(([f, k]) => ('const' in k ? `${f} = ${JSON.stringify(k.const)}` : words.oneOf.replace('{field}', f).replace('{values}', k.enum.map((v) => JSON.stringify(v)).join(', '))))
    .join(', ');
  const branch = (b: FormCondition['then'], template: string) => {
    if (!b) return null;
    const fields = Object.keys(b.properties ?? {});
    const parts = [fields.length > 0 ? template.replace('{fields}', fields.join(', ')) : null, (b.required ?? []).length > 0 ? words.required.replace('{fields}', (b.required ?? []).join(', ')) : null].filter((x) => x !== null);
    return parts.length > 0 ? parts.join(', ') : null;
  };
  return [words.when.replace('{test}', test), branch(c.then, words.then), branch(c.else, words.otherwise)].filter((x) => x !== null).join(words.sep);
}

/** A form field as "Temperature: number, 20 – 25 °C, required". */
function formatFormField(def: FormFieldSchema, required: boolean, lang: DiffLang): string {
  const w = WORDS[lang];
  const parts: string[] = [w.types[def.type] ?? def.type];
  const lo = def.minimum !== undefined ? `≥ ${def.minimum}` : def.exclusiveMinimum !== undefined ? `> ${def.exclusiveMinimum}` : null;
  const hi = def.maximum !== undefined ? `≤ ${def.maximum}` : def.exclusiveMaximum !== undefined ? `< ${def.exclusiveMaximum}` : null;
  const limits = [lo, hi].filter((x) => x !== null).join(' ');
  if (limits || def['x-unit']) parts.push([limits, def['x-unit']].filter(Boolean).join(' '));
  if (def.enum) parts.push(`{${def.enum.map(String).join(', ')}}`);
  if (def.readOnly) parts.push(FIELDS[lang]['formField.readOnly']!);
  parts.push(required ? w.required : w.optional);
  return `${def.title ? `${def.title}: ` : ''}${parts.join(', ')}`;
}

/** A value as an approver reads it: "10 kg", "−2 % / +2 %", "yes", "none". */
export function formatDiffValue(v: unknown, lang: DiffLang): string {
  const w = WORDS[lang];
  if (v === null || v === undefined) return w.none;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? w.none : v.map((x) => formatDiffValue(x, lang)).join(', ');
  const o = v as Record<string, unknown>;
  if (typeof o.formFieldDef === 'object' && o.formFieldDef !== null) return formatFormField(o.formFieldDef as FormFieldSchema, o.required === true, lang);
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
  const w = WORDS[lang];
  // Signature meanings and field types are words of their own in Chinese.
  const valueOf = (v: unknown): string => {
    if (c.field === 'form.schema.allOf') return Array.isArray(v) && v.length > 0 ? v.map((x) => formatCondition(x as FormCondition, lang)).join('; ') : w.none;
    if (c.field === 'form.signatures' || c.field === 'meaning') return formatDiffValue(Array.isArray(v) ? v.map((m) => w.meanings[String(m)] ?? m) : typeof v === 'string' ? (w.meanings[v] ?? v) : v, lang);
    if (c.field === 'formField.type' && typeof v === 'string') return w.types[v] ?? v;
    return formatDiffValue(v, lang);
  };
  const values: Record<string, string> = {
    id: c.id,
    name: c.name ?? c.id,
    parent: c.parent ?? '',
    fromParent: c.fromParent ?? '',
    position: String(c.position ?? ''),
    fromPosition: String(c.fromPosition ?? ''),
    field: c.field === undefined ? '' : (fieldWords(c.field, lang) ?? c.field),
    formField: c.formField ?? '',
    from: valueOf(c.from),
    to: valueOf(c.to),
  };
  return TEMPLATES[lang][c.code].replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');
}

export function describeRecipeChanges(changes: readonly RecipeChange[], lang: DiffLang): string[] {
  return changes.map((c) => describeRecipeChange(c, lang));
}
