/**
 * The designer's reasons in the console's language (issue 14 item 1): every reason the recipe
 * schema gives (src-shared/recipe/recipe.ts: zod's issue kinds, its own format messages, the
 * recipe, check-plan and form-definition cross-checks) is mapped to a catalogue key
 * (`designer.reason.*`, src-console/i18n/designer-{en,zh-CN}.ts) with parameters. English shows
 * the hub's own text unchanged (what the hub returns at save); another language renders the key.
 */
import { fieldWords } from '../../src-shared/recipe/recipe-diff.ts';

export interface Reason {
  key: string;
  params: Record<string, string>;
}

/** What draft-reasons needs of a zod issue (zod 4's shape). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number;
  note?: string;
  params?: Record<string, unknown>;
}

/** The schema's own format messages (src-shared/master-data/common.ts, recipe-step.ts, form-schema.ts) → catalogue key. */
const FORMATS: Record<string, string> = {
  'letters, digits, . _ / - (max 64)': 'formatCode',
  'a decimal such as "-2.5"': 'formatSignedDecimal',
  'a non-negative decimal such as "99.5"': 'formatDecimal',
  'a decimal amount such as "12.3450"': 'formatAmount',
  'must be greater than zero': 'positive',
  'a field name: a letter or "_", then letters, digits or "_" (at most 64)': 'formatFieldName',
  'a form has at least one field': 'formNoField',
  'at most 100 fields': 'formTooManyFields',
  'a condition names at least one field': 'conditionNoField',
};

/** The recipe's and check plans' cross-check sentences (recipe.ts recipeProblems, check-plan.ts) → key and parameters. */
const CROSS_CHECKS: [RegExp, string, string[]][] = [
  [/^material line "([^"]+)" appears twice$/, 'lineTwice', ['line']],
  [/^step "([^"]+)" appears twice$/, 'stepTwice', ['step']],
  [/^step "([^"]+)" names unknown material line "([^"]+)"$/, 'stepUnknownLine', ['step', 'line']],
  [/^material line "([^"]+)" is weighed by two steps$/, 'lineWeighedTwice', ['line']],
  [/^weigh step "([^"]+)" must require a performed signature$/, 'weighNeedsPerformed', ['step']],
  [/^step "([^"]+)" charges unknown material line "([^"]+)"$/, 'chargeUnknownLine', ['step', 'line']],
  [/^step "([^"]+)" charges line "([^"]+)" before it is weighed$/, 'chargeBeforeWeigh', ['step', 'line']],
  [/^material line "([^"]+)" is charged by two steps$/, 'lineChargedTwice', ['line']],
  [/^kit step "([^"]+)" names "([^"]+)", which is not a charge step$/, 'kitNotCharge', ['step', 'target']],
  [/^kit step "([^"]+)" must come before its charge step "([^"]+)"$/, 'kitAfterCharge', ['step', 'target']],
  [/^material line "([^"]+)" has no weigh step$/, 'lineNotWeighed', ['line']],
  [/^line "([^"]+)" compensates unknown line "([^"]+)"$/, 'compensatesUnknown', ['line', 'target']],
  [/^line "([^"]+)" must be weighed after "([^"]+)", which it compensates$/, 'compensatesOrder', ['line', 'target']],
  [/^check "([^"]+)": the lower specification limit (\S+) must be below the upper (\S+)$/, 'specOrder', ['check', 'lower', 'upper']],
  [/^check "([^"]+)": control limits must be lcl < center < ucl \(got (\S+), (\S+), (\S+)\)$/, 'controlOrder', ['check', 'lcl', 'center', 'ucl']],
  [/^check "([^"]+)" appears twice$/, 'checkTwice', ['check']],
  [/^check "([^"]+)" needs a lower or an upper specification limit$/, 'specMissing', ['check']],
  [/^check "([^"]+)" is read from a balance, so its unit must be a mass unit \(([^)]*)\), not "([^"]*)"$/, 'balanceUnit', ['check', 'units', 'unit']],
  [/^check "([^"]+)" names a run rule twice$/, 'ruleTwice', ['check']],
];

/** The path below the node the reason is placed on (a step's, a line's, a check's own field). */
export function relativePath(path: readonly PropertyKey[]): string {
  const p = path.map(String);
  const nodes = p[0] === 'unitProcedures' ? [6, 4, 2] : p[0] === 'materialLines' || p[0] === 'checkPlans' ? [2] : [];
  // The deepest node the path goes below (a path ending at a list, e.g. an operation's steps, stays with its owner).
  const cut = nodes.find((n) => n < p.length) ?? 0;
  return p.slice(cut).join('.');
}

const num = (v: number | bigint | undefined) => String(v ?? '');

/** The catalogue key and parameters of one issue of the recipe schema. */
export function reasonOf(issue: IssueLike): Reason {
  const field = relativePath(issue.path);
  const at = (key: string, params: Record<string, string> = {}): Reason => ({ key, params: { field, ...params } });
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = num(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return small && bound === '1' ? at('empty') : at(small ? 'textShort' : 'textLong', { bound });
      if (issue.origin === 'array' || issue.origin === 'set') return at(small ? 'fewItems' : 'manyItems', { bound });
      return at(small ? (issue.inclusive === false ? 'numberAbove' : 'numberAtLeast') : issue.inclusive === false ? 'numberBelow' : 'numberAtMost', { bound });
    }
    case 'invalid_type': {
      if (/received undefined$/.test(issue.message)) return at('missing');
      return at('type', { expected: issue.expected ?? '' });
    }
    case 'invalid_value':
      return at('oneOf', { values: (issue.values ?? []).map((v) => JSON.stringify(v)).join(' | ') });
    case 'invalid_union':
      return issue.note === 'No matching discriminator' ? at('unknownType') : at('noShape');
    case 'unrecognized_keys':
      return at('unknownKeys', { keys: (issue.keys ?? []).join(', ') });
    case 'invalid_key':
      return at('badKey');
    case 'not_multiple_of':
      return at('multipleOf', { bound: String(issue.divisor ?? '') });
    case 'invalid_format':
      return at(FORMATS[issue.message] ?? 'format');
    case 'custom': {
      const kind = issue.params?.kind;
      if (issue.message === 'a signature meaning is required twice') return at('form.signature-twice');
      if (typeof kind === 'string') return at(`form.${kind}`, { formField: typeof issue.params?.field === 'string' ? issue.params.field : '' });
      if (FORMATS[issue.message]) return at(FORMATS[issue.message]!);
      for (const [re, key, names] of CROSS_CHECKS) {
        const m = re.exec(issue.message);
        if (m) return at(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
      }
      return at('other', { message: issue.message });
    }
    default:
      return at('other', { message: issue.message });
  }
}

export type Translate = (key: string, params: Record<string, string>) => string;

/**
 * A reason in the console's language: English is the hub's text; otherwise the catalogue's
 * words with the field named in that language (recipe-diff's field words) where it has them.
 */
export function reasonText(p: { message: string; reason: Reason }, lang: string, t: Translate): string {
  if (lang !== 'zh-CN') return p.message;
  return t(`designer.reason.${p.reason.key}`, { ...p.reason.params, field: fieldText(p.reason.params.field ?? '', t) });
}

/** A field path in Chinese: the diff's field words, a form field by its name, else the catalogue's structure words. */
function fieldText(field: string, t: Translate): string {
  if (field === '') return '';
  const direct = fieldWords(field, 'zh-CN');
  if (direct !== undefined) return direct;
  const formField = /^form\.schema\.properties\.([^.]+)(?:\.([^.]+))?/.exec(field);
  if (formField) {
    const attr = formField[2] === undefined ? undefined : (fieldWords(`formField.${formField[2]}`, 'zh-CN') ?? formField[2]);
    return attr === undefined ? t('designer.reasonFormField', { name: formField[1]! }) : t('designer.reasonFormFieldAttr', { name: formField[1]!, attr });
  }
  const key = field.replace(/\.\d+(?=\.|$)/g, '').replace(/\./g, '_');
  return t(`designer.reasonField.${key}`, { defaultValue: `“${field}”` });
}
