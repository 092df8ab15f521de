/**
 * The approval flow editor's pure logic (issue 14 item 3): the flow as table rows and back, the
 * edits the table offers (transitions and signature slots added and removed, a rename carried
 * into the "not signed by the signers of" lists), the reasons placed on the row they concern
 * (the flow schema's issues and the hub's own `flowIssues`, the check behind its refusal), the
 * statechart's layout, which versions still move through an older flow version, and what
 * changed between two flow versions, as catalogue keys with parameters (en and zh-CN words).
 */
import { ApprovalFlowSchema, RECIPE_VERSION_STATES, flowIssues, type ApprovalFlow, type FlowKind, type FlowTransition, type RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import type { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import type { FlowSubjectVersion } from './flow-kinds.ts';

/** One transition as a table row: `id` stays while the name is edited (a key, and where reasons go). */
export interface FlowRow {
  id: string;
  name: string;
  from: RecipeVersionState;
  to: RecipeVersionState;
  meaning: SignatureMeaning;
  /** Per signature slot, the roles any one of which may give it. */
  slots: HubRole[][];
  authorMaySign: boolean;
  notSignedBySignersOf: string[];
}

export interface FlowEdit {
  flowCode: string;
  name: string;
  authorRoles: HubRole[];
  rows: FlowRow[];
  /** The next row id to hand out. */
  next: number;
}

export function editOf(flow: ApprovalFlow): FlowEdit {
  return {
    flowCode: flow.flowCode,
    name: flow.name,
    authorRoles: [...flow.authorRoles],
    rows: flow.transitions.map((t, i) => ({ id: `t${i + 1}`, name: t.name, from: t.from, to: t.to, meaning: t.meaning, slots: t.signatures.map((s) => [...s.roles]), authorMaySign: t.authorMaySign, notSignedBySignersOf: [...t.notSignedBySignersOf] })),
    next: flow.transitions.length + 1,
  };
}

/** The table as the flow definition the hub is sent (not yet checked: see `editorProblems`). */
export function flowOfEdit(e: FlowEdit): ApprovalFlow {
  return {
    flowCode: e.flowCode,
    name: e.name,
    authorRoles: [...e.authorRoles],
    transitions: e.rows.map(
      (r): FlowTransition => ({ name: r.name, from: r.from, to: r.to, meaning: r.meaning, signatures: r.slots.map((roles) => ({ roles: [...roles] })), authorMaySign: r.authorMaySign, notSignedBySignersOf: [...r.notSignedBySignersOf] }),
    ),
  };
}

const mapRow = (e: FlowEdit, id: string, f: (r: FlowRow) => FlowRow): FlowEdit => ({ ...e, rows: e.rows.map((r) => (r.id === id ? f(r) : r)) });

/** A new transition at the end: one QA signature, from draft to reviewed (edit it to what is meant). */
export function addTransition(e: FlowEdit): FlowEdit {
  const taken = new Set(e.rows.map((r) => r.name));
  let n = e.next;
  while (taken.has(`step-${n}`)) n++;
  return { ...e, rows: [...e.rows, { id: `t${e.next}`, name: `step-${n}`, from: 'draft', to: 'reviewed', meaning: 'approved', slots: [['qa']], authorMaySign: false, notSignedBySignersOf: [] }], next: e.next + 1 };
}

/** Removes a transition and every "not signed by the signers of" that named it. */
export function removeTransition(e: FlowEdit, id: string): FlowEdit {
  const gone = e.rows.find((r) => r.id === id);
  if (!gone) return e;
  const stillNamed = e.rows.some((r) => r.id !== id && r.name === gone.name);
  return { ...e, rows: e.rows.filter((r) => r.id !== id).map((r) => (stillNamed ? r : { ...r, notSignedBySignersOf: r.notSignedBySignersOf.filter((n) => n !== gone.name) })) };
}

/** Changes a row's fields; a new name is carried into the other rows' exclusion lists. */
export function updateTransition(e: FlowEdit, id: string, patch: Partial<Omit<FlowRow, 'id' | 'slots' | 'notSignedBySignersOf'>>): FlowEdit {
  const old = e.rows.find((r) => r.id === id);
  if (!old) return e;
  const renamed = patch.name !== undefined && patch.name !== old.name ? { from: old.name, to: patch.name } : null;
  return {
    ...e,
    rows: e.rows.map((r) => {
      const own = r.id === id ? { ...r, ...patch } : r;
      return renamed && r.id !== id ? { ...own, notSignedBySignersOf: own.notSignedBySignersOf.map((n) => (n === renamed.from ? renamed.to : n)) } : own;
    }),
  };
}

/** One more signature (another person) on the transition, by QA unless changed. */
export const addSlot = (e: FlowEdit, id: string, roles: HubRole[] = ['qa']): FlowEdit => mapRow(e, id, (r) => ({ ...r, slots: [...r.slots, [...roles]] }));
export const removeSlot = (e: FlowEdit, id: string, slot: number): FlowEdit => mapRow(e, id, (r) => ({ ...r, slots: r.slots.filter((_, i) => i !== slot) }));

/** Ticks or unticks one role of one signature slot. */
export const toggleRole = (e: FlowEdit, id: string, slot: number, role: HubRole): FlowEdit =>
  mapRow(e, id, (r) => ({ ...r, slots: r.slots.map((roles, i) => (i !== slot ? roles : roles.includes(role) ? roles.filter((x) => x !== role) : [...roles, role])) }));

/** Ticks or unticks an earlier transition whose signers may not sign this one. */
export const toggleExclusion = (e: FlowEdit, id: string, name: string): FlowEdit =>
  mapRow(e, id, (r) => ({ ...r, notSignedBySignersOf: r.notSignedBySignersOf.includes(name) ? r.notSignedBySignersOf.filter((n) => n !== name) : [...r.notSignedBySignersOf, name] }));

export const toggleAuthorRole = (e: FlowEdit, role: HubRole): FlowEdit => ({ ...e, authorRoles: e.authorRoles.includes(role) ? e.authorRoles.filter((r) => r !== role) : [...e.authorRoles, role] });

/**
 * A reason placed on a row (`at` = the row's id), on the "who saves versions" field (`at` =
 * 'authorRoles') or on the flow (`at` = 'flow'). `message` is the
 * hub's English where the hub has words for it (its refusal says the same); `key` the catalogue's
 * (`flow.reason.*`) with its parameters.
 */
export interface FlowProblem {
  at: string;
  key: string;
  params: Record<string, string>;
  message: string;
}

/** What the flow schema's zod issue means, as a catalogue key under `flow.reason`. */
function schemaKey(issue: { code: string; path: PropertyKey[]; origin?: string }): { key: string; params: Record<string, string> } {
  const p = issue.path.map(String);
  const last = p.at(-1);
  if (p[0] === 'transitions' && p.length === 1) return { key: issue.code === 'too_small' ? 'noTransitions' : 'manyTransitions', params: {} };
  if (p[0] === 'transitions' && last === 'name') return { key: 'badName', params: {} };
  if (p[0] === 'transitions' && last === 'signatures') return { key: issue.code === 'too_small' ? 'noSlots' : 'manySlots', params: {} };
  if (p[0] === 'transitions' && p[2] === 'signatures' && last === 'roles') return { key: 'slotNoRole', params: { slot: String(Number(p[3]) + 1) } };
  if (p[0] === 'authorRoles') return { key: 'noAuthorRole', params: {} };
  if (p[0] === 'name') return { key: 'noFlowName', params: {} };
  return { key: 'schema', params: { field: p.join('.') } };
}

/**
 * Every reason the flow of this kind in the table does not hold together, each on its row or
 * field: the schema's (what the hub refuses as INPUT_INVALID) and `flowIssues` (the hub's
 * RECIPE_FLOW_INVALID for that flow: its signers and savers).
 */
export function editorProblems(e: FlowEdit, kind: FlowKind = 'recipe'): FlowProblem[] {
  const flow = flowOfEdit(e);
  const rowAt = (i: unknown) => (typeof i === 'number' && e.rows[i] ? e.rows[i].id : 'flow');
  const out: FlowProblem[] = [];
  const parsed = ApprovalFlowSchema.safeParse(flow);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { key, params } = schemaKey(issue);
      const at = issue.path[0] === 'transitions' && issue.path.length > 1 ? rowAt(issue.path[1]) : issue.path[0] === 'authorRoles' ? 'authorRoles' : 'flow';
      out.push({ at, key, params: { name: e.rows.find((r) => r.id === at)?.name ?? '', ...params }, message: '' });
    }
  }
  for (const i of flowIssues(flow, kind)) out.push({ at: i.field ?? rowAt(i.transition), key: i.key, params: i.params, message: i.message });
  return out;
}

/**
 * A flow's problem in the console's language (FR-115), whether the editor found it or the hub
 * stored it with a flow version: the hub's English, else the catalogue's words for its key (also
 * in English when there are no hub words: a problem of the schema the editor found itself).
 */
export function flowReasonWords(p: Pick<FlowProblem, 'key' | 'params' | 'message'>, lang: string, t: (key: string, params: Record<string, string>) => string): string {
  return lang !== 'zh-CN' && p.message !== '' ? p.message : t(`flow.reason.${p.key}`, p.params);
}

/** The reasons on one row (or 'flow'), in the console's language (flowReasonWords). */
export function reasonsAt(problems: readonly FlowProblem[], at: string, lang: string, t: (key: string, params: Record<string, string>) => string): string[] {
  return problems.filter((p) => p.at === at).map((p) => flowReasonWords(p, lang, t));
}

// ------------------------------------------------------------------ the statechart

export interface DiagramState {
  state: RecipeVersionState;
  x: number;
  y: number;
  reachable: boolean;
}
export interface DiagramEdge {
  id: string;
  name: string;
  /** SVG path from the source box to the target box. */
  d: string;
  labelX: number;
  labelY: number;
  /** Role codes per signature slot (the label words them). */
  slots: HubRole[][];
}

export const BOX = { w: 120, h: 44, gap: 64 } as const;

/**
 * The states in a row (draft → retired), forward transitions as arcs above, backward ones below,
 * higher the further they jump; states `draft` does not reach are marked. The drawing is as tall
 * as its arcs and labels.
 */
export function diagramOf(e: FlowEdit): { width: number; height: number; states: DiagramState[]; edges: DiagramEdge[] } {
  const reached = new Set<string>(['draft']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of e.rows) if (reached.has(r.from) && !reached.has(r.to)) reached.add(r.to), (grew = true);
  }
  const xOf = (s: RecipeVersionState) => 16 + RECIPE_VERSION_STATES.indexOf(s) * (BOX.w + BOX.gap);
  const pairs = new Map<string, number>();
  const arcs = e.rows.map((r) => {
    const a = RECIPE_VERSION_STATES.indexOf(r.from);
    const b = RECIPE_VERSION_STATES.indexOf(r.to);
    const k = `${Math.min(a, b)}:${Math.max(a, b)}:${a < b}`;
    const nth = pairs.get(k) ?? 0;
    pairs.set(k, nth + 1);
    return { r, forward: a < b, lift: 36 + 26 * Math.max(0, Math.abs(b - a) - 1) + 22 * nth };
  });
  // Room above for the highest forward arc and its two label lines, below for the backward ones.
  const top = Math.max(24, ...arcs.filter((x) => x.forward).map((x) => x.lift + 34));
  const below = Math.max(24, ...arcs.filter((x) => !x.forward).map((x) => x.lift + 40));
  const states = RECIPE_VERSION_STATES.map((s) => ({ state: s, x: xOf(s), y: top, reachable: reached.has(s) }));
  const edges = arcs.map(({ r, forward, lift }): DiagramEdge => {
    const x1 = xOf(r.from) + BOX.w / 2 + (forward ? 12 : -12);
    const x2 = xOf(r.to) + BOX.w / 2 + (forward ? -12 : 12);
    const y = forward ? top : top + BOX.h;
    const signed = forward ? -lift : lift;
    const mx = (x1 + x2) / 2;
    return { id: r.id, name: r.name, d: `M ${x1} ${y} Q ${mx} ${y + 2 * signed} ${x2} ${y}`, labelX: mx, labelY: forward ? y - lift - 20 : y + lift + 14, slots: r.slots };
  });
  return { width: 16 * 2 + RECIPE_VERSION_STATES.length * BOX.w + (RECIPE_VERSION_STATES.length - 1) * BOX.gap, height: top + BOX.h + below, states, edges };
}

// ------------------------------------------------------------------ versions under an older flow

/** The versions (recipe or template) not retired that still move through a flow version older than `current`. */
export function underOlderFlow(versions: readonly FlowSubjectVersion[], current: number): FlowSubjectVersion[] {
  return versions.filter((v) => v.flowVersion < current && v.state !== 'retired');
}

// ------------------------------------------------------------------ the difference between two versions

/** One change between two flow versions: a catalogue key under `flow.change` and its parameters (roles as codes, joined by `rolesText`). */
export interface FlowChange {
  key: string;
  params: Record<string, string>;
  /** Role lists to be worded (the parameter named by each key holds role codes joined by ","). */
  roleParams?: string[];
}

const roleList = (roles: readonly string[]) => [...roles].join(',');
const slotsText = (slots: readonly { roles: readonly string[] }[]) => slots.map((s) => roleList(s.roles)).join('+');

/** What changed from `a` to `b`, transitions matched by name. */
export function flowChanges(a: ApprovalFlow, b: ApprovalFlow): FlowChange[] {
  const out: FlowChange[] = [];
  if (a.name !== b.name) out.push({ key: 'name', params: { before: a.name, after: b.name } });
  if (roleList([...a.authorRoles].sort()) !== roleList([...b.authorRoles].sort())) out.push({ key: 'authorRoles', params: { before: roleList(a.authorRoles), after: roleList(b.authorRoles) }, roleParams: ['before', 'after'] });
  for (const t of a.transitions) if (!b.transitions.some((x) => x.name === t.name)) out.push({ key: 'removed', params: { name: t.name, from: t.from, to: t.to } });
  for (const t of b.transitions) {
    const o = a.transitions.find((x) => x.name === t.name);
    if (!o) {
      out.push({ key: 'added', params: { name: t.name, from: t.from, to: t.to, slots: slotsText(t.signatures) }, roleParams: ['slots'] });
      continue;
    }
    if (o.from !== t.from || o.to !== t.to) out.push({ key: 'moved', params: { name: t.name, before: `${o.from}>${o.to}`, after: `${t.from}>${t.to}`, from: t.from, to: t.to } });
    if (o.meaning !== t.meaning) out.push({ key: 'meaning', params: { name: t.name, before: o.meaning, after: t.meaning } });
    const n = Math.max(o.signatures.length, t.signatures.length);
    for (let i = 0; i < n; i++) {
      const x = o.signatures[i];
      const y = t.signatures[i];
      if (!x && y) out.push({ key: 'slotAdded', params: { name: t.name, slot: String(i + 1), roles: roleList(y.roles) }, roleParams: ['roles'] });
      else if (x && !y) out.push({ key: 'slotRemoved', params: { name: t.name, slot: String(i + 1), roles: roleList(x.roles) }, roleParams: ['roles'] });
      else if (x && y && roleList([...x.roles].sort()) !== roleList([...y.roles].sort())) out.push({ key: 'slotRoles', params: { name: t.name, slot: String(i + 1), before: roleList(x.roles), after: roleList(y.roles) }, roleParams: ['before', 'after'] });
    }
    if (o.authorMaySign !== t.authorMaySign) out.push({ key: t.authorMaySign ? 'authorMaySign' : 'authorMayNotSign', params: { name: t.name } });
    if (roleList([...o.notSignedBySignersOf].sort()) !== roleList([...t.notSignedBySignersOf].sort())) {
      out.push({ key: 'exclusions', params: { name: t.name, before: o.notSignedBySignersOf.join(', ') || '—', after: t.notSignedBySignersOf.join(', ') || '—' } });
    }
  }
  return out;
}

/** A change in words: role codes as the catalogue's role names ("QA or QP"; slots joined by " + "), states and meanings likewise. */
export function changeText(c: FlowChange, t: (key: string, params?: Record<string, string>) => string): string {
  const params: Record<string, string> = { ...c.params };
  const roles = (codes: string) => (codes === '' ? '—' : codes.split(',').map((r) => t(`roles.${r}`)).join(t('flow.or')));
  for (const p of c.roleParams ?? []) params[p] = (c.params[p] ?? '').split('+').map(roles).join(' + ');
  for (const p of ['from', 'to'] as const) if (c.params[p]) params[p] = t(`recipeState.${c.params[p]}`);
  if (c.key === 'moved') for (const p of ['before', 'after'] as const) params[p] = c.params[p]!.split('>').map((s) => t(`recipeState.${s}`)).join(' → ');
  if (c.key === 'meaning') for (const p of ['before', 'after'] as const) params[p] = t(`meaning.${c.params[p]}`);
  return t(`flow.change.${c.key}`, params);
}
