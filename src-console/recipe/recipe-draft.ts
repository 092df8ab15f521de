/**
 * The recipe designer's model (issue 14 item 1): a recipe's content as the author edits it, and
 * the pure edits of its ISA-88 tree (unit procedure → operation → step): move by drag and drop
 * (within an operation and between operations), add, remove, rename. Every edit returns a new
 * draft and leaves the old one as it was (React state). Validation is the recipe's own schema
 * and cross-checks (src-shared/recipe/recipe.ts), each reason placed on the node it names.
 */
import { RECIPE_SCHEMA_VERSION, RecipeSchema, type Recipe } from '../../src-shared/recipe/recipe.ts';
import type { RecipeStep, StepType } from '../../src-shared/recipe/recipe-step.ts';
import { reasonOf, type IssueLike, type Reason } from './draft-reasons.ts';

/** A recipe's content: code, version and status are the hub's. */
export type Draft = Omit<Recipe, 'recipeCode' | 'version' | 'status' | 'schemaVersion'>;
export type UnitProcedure = Draft['unitProcedures'][number];
export type Operation = UnitProcedure['operations'][number];

/** A node of the tree, as dnd-kit and the problem list name it: `up:<id>`, `op:<id>`, `step:<id>`. */
export type NodeKind = 'up' | 'op' | 'step';
export const nodeKey = (kind: NodeKind, id: string): string => `${kind}:${id}`;
export function parseKey(key: string): { kind: NodeKind; id: string } | null {
  const m = /^(up|op|step):(.+)$/.exec(key);
  return m ? { kind: m[1] as NodeKind, id: m[2]! } : null;
}

export function emptyDraft(): Draft {
  return {
    name: '',
    product: { code: '', name: '' },
    baseBatchSize: { amount: '1', unit: 'kg' },
    materialLines: [],
    unitProcedures: [{ unitProcedureId: 'UP1', name: 'Unit procedure 1', operations: [{ operationId: 'OP1', name: 'Operation 1', steps: [newStep('instruction', 'S1')] }] }],
  };
}

/** A draft from stored content (a version read from the hub): the hub's own fields dropped. */
export function draftOf(content: Record<string, unknown>): Draft {
  const { recipeCode: _c, version: _v, status: _s, schemaVersion: _sv, ...rest } = content;
  return rest as unknown as Draft;
}

/** The first id `prefix<n>` not taken. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export const allSteps = (d: Pick<Draft, 'unitProcedures'>): RecipeStep[] => d.unitProcedures.flatMap((u) => u.operations.flatMap((o) => o.steps));
const allOps = (d: Draft): Operation[] => d.unitProcedures.flatMap((u) => u.operations);

const none = { performed: false, verified: false };

/** A new step of a type, with the fields its schema needs filled with a neutral start. */
export function newStep(type: StepType, stepId: string): RecipeStep {
  const base = { stepId, name: `Step ${stepId}`, instruction: 'Instruction for the operator', signatures: none };
  switch (type) {
    case 'instruction':
      return { ...base, type };
    case 'line-clearance':
      return { ...base, type, checklist: [{ itemId: 'C1', text: 'Previous batch material removed' }] };
    case 'equipment-check':
      return { ...base, type, checklist: [], balanceIds: [] };
    case 'scan-material':
      return { ...base, type, lineId: '' };
    case 'weigh':
      return { ...base, type, signatures: { performed: true, verified: false }, lineId: '', method: 'net' };
    case 'parameter':
      return { ...base, type, parameter: { name: 'value', unit: '', min: null, max: null, decimals: 1 } };
    case 'ipc':
      return { ...base, type, check: { name: 'value', unit: '', lower: '0', upper: '1', decimals: 2 } };
    case 'timer':
      return { ...base, type, durationSeconds: 60, maxSeconds: null };
    case 'label':
      return { ...base, type, labelKind: 'batch-status', lineId: null };
    case 'signature':
      return { ...base, type, meaning: 'verified', statement: 'I confirm the step was done as instructed.' };
    case 'kit':
      return { ...base, type, forStepId: null, receiverSigns: true };
    case 'charge':
      return { ...base, type, signatures: { performed: true, verified: false }, lineIds: [] };
    case 'form':
      return {
        ...base,
        type,
        signatures: { performed: true, verified: false },
        form: { schema: { type: 'object', title: `Form ${stepId}`, properties: { value: { type: 'number', title: 'Value' } }, required: ['value'] }, uiSchema: {}, calculations: [], fieldRoles: {}, signatures: ['performed'], i18n: {} },
      } as RecipeStep;
  }
}

// ------------------------------------------------------------------ edits

const mapOps = (d: Draft, f: (o: Operation) => Operation): Draft => ({ ...d, unitProcedures: d.unitProcedures.map((u) => ({ ...u, operations: u.operations.map(f) })) });

export function addUnitProcedure(d: Draft): Draft {
  const id = freshId('UP', d.unitProcedures.map((u) => u.unitProcedureId));
  const opId = freshId('OP', allOps(d).map((o) => o.operationId));
  return { ...d, unitProcedures: [...d.unitProcedures, { unitProcedureId: id, name: `Unit procedure ${id.slice(2)}`, operations: [{ operationId: opId, name: `Operation ${opId.slice(2)}`, steps: [] }] }] };
}

export function addOperation(d: Draft, unitProcedureId: string): Draft {
  const id = freshId('OP', allOps(d).map((o) => o.operationId));
  return { ...d, unitProcedures: d.unitProcedures.map((u) => (u.unitProcedureId === unitProcedureId ? { ...u, operations: [...u.operations, { operationId: id, name: `Operation ${id.slice(2)}`, steps: [] }] } : u)) };
}

/** Adds a step of `type` at the end of the operation; returns the draft and the new step's id. */
export function addStep(d: Draft, operationId: string, type: StepType): { draft: Draft; stepId: string } {
  const stepId = freshId('S', allSteps(d).map((s) => s.stepId));
  return { draft: mapOps(d, (o) => (o.operationId === operationId ? { ...o, steps: [...o.steps, newStep(type, stepId)] } : o)), stepId };
}

/** Removes a node and everything under it. */
export function removeNode(d: Draft, key: string): Draft {
  const k = parseKey(key);
  if (!k) return d;
  if (k.kind === 'up') return { ...d, unitProcedures: d.unitProcedures.filter((u) => u.unitProcedureId !== k.id) };
  if (k.kind === 'op') return { ...d, unitProcedures: d.unitProcedures.map((u) => ({ ...u, operations: u.operations.filter((o) => o.operationId !== k.id) })) };
  return mapOps(d, (o) => ({ ...o, steps: o.steps.filter((s) => s.stepId !== k.id) }));
}

export function renameNode(d: Draft, key: string, name: string): Draft {
  const k = parseKey(key);
  if (!k) return d;
  if (k.kind === 'up') return { ...d, unitProcedures: d.unitProcedures.map((u) => (u.unitProcedureId === k.id ? { ...u, name } : u)) };
  if (k.kind === 'op') return mapOps(d, (o) => (o.operationId === k.id ? { ...o, name } : o));
  return mapOps(d, (o) => ({ ...o, steps: o.steps.map((s) => (s.stepId === k.id ? { ...s, name } : s)) }));
}

/** Replaces the step `stepId` (its editor's result; the id itself may change). */
export function replaceStep(d: Draft, stepId: string, step: RecipeStep): Draft {
  return mapOps(d, (o) => ({ ...o, steps: o.steps.map((s) => (s.stepId === stepId ? step : s)) }));
}

export function findStep(d: Draft, stepId: string): RecipeStep | undefined {
  return allSteps(d).find((s) => s.stepId === stepId);
}

/** Where a node sits: its parent's id and its index there. */
function locate(d: Draft, kind: NodeKind, id: string): { parent: string; index: number } | null {
  if (kind === 'up') {
    const i = d.unitProcedures.findIndex((u) => u.unitProcedureId === id);
    return i < 0 ? null : { parent: '', index: i };
  }
  for (const u of d.unitProcedures) {
    if (kind === 'op') {
      const i = u.operations.findIndex((o) => o.operationId === id);
      if (i >= 0) return { parent: u.unitProcedureId, index: i };
      continue;
    }
    for (const o of u.operations) {
      const i = o.steps.findIndex((s) => s.stepId === id);
      if (i >= 0) return { parent: o.operationId, index: i };
    }
  }
  return null;
}

/** Moves a step to `index` of operation `toOperationId` (index counted in the operation as it is after the step left). */
export function moveStep(d: Draft, stepId: string, toOperationId: string, index: number): Draft {
  const step = findStep(d, stepId);
  if (!step || !allOps(d).some((o) => o.operationId === toOperationId)) return d;
  const without = mapOps(d, (o) => ({ ...o, steps: o.steps.filter((s) => s.stepId !== stepId) }));
  return mapOps(without, (o) => {
    if (o.operationId !== toOperationId) return o;
    const steps = [...o.steps];
    steps.splice(Math.max(0, Math.min(index, steps.length)), 0, step);
    return { ...o, steps };
  });
}

export function moveOperation(d: Draft, operationId: string, toUnitProcedureId: string, index: number): Draft {
  const op = allOps(d).find((o) => o.operationId === operationId);
  if (!op || !d.unitProcedures.some((u) => u.unitProcedureId === toUnitProcedureId)) return d;
  const ups = d.unitProcedures.map((u) => ({ ...u, operations: u.operations.filter((o) => o.operationId !== operationId) }));
  return {
    ...d,
    unitProcedures: ups.map((u) => {
      if (u.unitProcedureId !== toUnitProcedureId) return u;
      const operations = [...u.operations];
      operations.splice(Math.max(0, Math.min(index, operations.length)), 0, op);
      return { ...u, operations };
    }),
  };
}

export function moveUnitProcedure(d: Draft, unitProcedureId: string, index: number): Draft {
  const up = d.unitProcedures.find((u) => u.unitProcedureId === unitProcedureId);
  if (!up) return d;
  const ups = d.unitProcedures.filter((u) => u.unitProcedureId !== unitProcedureId);
  ups.splice(Math.max(0, Math.min(index, ups.length)), 0, up);
  return { ...d, unitProcedures: ups };
}

/** Which kinds a dragged node may be dropped on: a step on a step or an operation, an operation on one or a unit procedure. */
export function dropTargets(kind: NodeKind): NodeKind[] {
  return kind === 'step' ? ['step', 'op'] : kind === 'op' ? ['op', 'up'] : ['up'];
}

/**
 * The drop of dnd-kit's `active` over `over` (node keys): a step dropped on a step takes that
 * step's place (in the same operation: the sortable's reorder; in another: moved there); dropped
 * on an operation it goes to its end (an empty operation too). Operations likewise within and
 * between unit procedures; unit procedures reorder. Anything else changes nothing.
 */
export function applyDrop(d: Draft, activeKey: string, overKey: string | null): Draft {
  const a = overKey ? parseKey(activeKey) : null;
  const o = overKey ? parseKey(overKey) : null;
  if (!a || !o || activeKey === overKey) return d;
  const from = locate(d, a.kind, a.id);
  if (!from) return d;
  if (a.kind === 'step') {
    if (o.kind === 'step') {
      const to = locate(d, 'step', o.id);
      return to ? moveStep(d, a.id, to.parent, to.index) : d;
    }
    if (o.kind === 'op') {
      if (from.parent === o.id) return d;
      const op = allOps(d).find((x) => x.operationId === o.id);
      return op ? moveStep(d, a.id, o.id, op.steps.length) : d;
    }
    return d;
  }
  if (a.kind === 'op') {
    if (o.kind === 'op') {
      const to = locate(d, 'op', o.id);
      return to ? moveOperation(d, a.id, to.parent, to.index) : d;
    }
    if (o.kind === 'up') {
      if (from.parent === o.id) return d;
      const up = d.unitProcedures.find((u) => u.unitProcedureId === o.id);
      return up ? moveOperation(d, a.id, o.id, up.operations.length) : d;
    }
    return d;
  }
  if (o.kind !== 'up') return d;
  const to = locate(d, 'up', o.id);
  return to ? moveUnitProcedure(d, a.id, to.index) : d;
}

// ------------------------------------------------------------------ validation

/** Where a reason belongs: a node key, `materials`, `checks` or `recipe` (the header fields). */
export interface Problem {
  at: string;
  /** The hub's English words (what it returns at save). */
  message: string;
  /** The same reason as a catalogue key with parameters (draft-reasons.ts), for the console's language. */
  reason: Reason;
}

/** The recipe as the hub would check it at save (same schema, same cross-checks), every reason placed. */
export function draftProblems(d: Draft, recipeCode: string): Problem[] {
  const parsed = RecipeSchema.safeParse({ ...d, schemaVersion: RECIPE_SCHEMA_VERSION, recipeCode, version: 1, status: 'draft' });
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => {
    // The hub's words at save, less its "(root)" for reasons about the whole recipe.
    const path = i.path.map(String);
    const message = path.length > 0 ? `${path.join('.')} ${i.message}` : i.message;
    return { at: placeOf(d, i.path as (string | number)[], i.message), message, reason: reasonOf(i as IssueLike) };
  });
}

function placeOf(d: Draft, path: (string | number)[], message: string): string {
  const [top, u, , o, , s] = path;
  if (top === 'unitProcedures' && typeof u === 'number') {
    const up = d.unitProcedures[u];
    if (typeof o === 'number') {
      const op = up?.operations?.[o];
      if (typeof s === 'number') {
        const step = op?.steps?.[s];
        if (step) return nodeKey('step', step.stepId);
      }
      if (op) return nodeKey('op', op.operationId);
    }
    if (up) return nodeKey('up', up.unitProcedureId);
  }
  if (top === 'materialLines') return 'materials';
  if (top === 'checkPlans') return 'checks';
  if (path.length === 0) {
    // Cross-checks name their step or line in words.
    const step = /(?:step|weigh step|kit step) "([^"]+)"/.exec(message);
    if (step && findStep(d, step[1]!)) return nodeKey('step', step[1]!);
    const line = /(?:material line|line) "([^"]+)"/.exec(message);
    if (line) {
      const weigh = allSteps(d).find((x) => x.type === 'weigh' && x.lineId === line[1]);
      return weigh ? nodeKey('step', weigh.stepId) : 'materials';
    }
  }
  return 'recipe';
}
