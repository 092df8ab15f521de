/**
 * The AI table in the shape the parser needs: one definition per concrete AI (ranges such as
 * 3100-3105 expanded), looked up by the digits at a position. GS1 allocates AIs so that no AI is
 * a prefix of another (GenSpecs §3.1), so trying 2, 3 then 4 digits finds at most one match; the
 * table's test proves that property holds for our transcription.
 */
import { InvariantViolation } from '../result.ts';
import { AI_DICTIONARY } from './ai-dictionary.ts';
import type { CharsetName } from './charsets.ts';
import { isLinterName, type LinterName } from './linters.ts';

export interface AiComponent {
  readonly charset: CharsetName;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  readonly linters: readonly LinterName[];
}

export interface AiDefinition {
  readonly ai: string;
  readonly title: string;
  /** Predefined length (GenSpecs Figure 7.8.5-2): no FNC1 separator follows this element. */
  readonly predefinedLength: boolean;
  readonly components: readonly AiComponent[];
  readonly minLength: number;
  readonly maxLength: number;
  /** Each clause: at least one alternative must be satisfied; an alternative is AIs (patterns) all present. */
  readonly requires: readonly (readonly (readonly string[])[])[];
  /** Patterns of AIs that must not appear in the same data ("n" = any digit). */
  readonly excludes: readonly string[];
  /** Implied decimal places for measures and amounts (31nn-36nn, 390n-395n): the AI's last digit. */
  readonly impliedDecimals?: number;
}

function parseComponent(spec: string, ai: string): AiComponent {
  const optional = spec.startsWith('[');
  const [typePart, ...linterNames] = spec.replace('[', '').replace(']', '').split(',');
  const m = /^([NXYZ])(\.\.)?(\d+)$/.exec(typePart ?? '');
  if (!m) throw new InvariantViolation(`AI ${ai}: bad component "${spec}"`);
  const length = Number(m[3]);
  for (const l of linterNames) {
    if (!isLinterName(l)) throw new InvariantViolation(`AI ${ai}: unknown linter "${l}"`);
  }
  return {
    charset: m[1] as CharsetName,
    min: m[2] ? 1 : length,
    max: length,
    optional,
    linters: linterNames as LinterName[],
  };
}

function parseRules(rules: string): Pick<AiDefinition, 'requires' | 'excludes'> {
  const requires: string[][][] = [];
  const excludes: string[] = [];
  for (const rule of rules.split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = rule.split('=');
    if (key === 'req') requires.push(value.split(',').map((alt) => alt.split('+')));
    else if (key === 'ex') excludes.push(...value.split(','));
    else throw new InvariantViolation(`unknown AI rule "${rule}"`);
  }
  return { requires, excludes };
}

const DECIMAL_FAMILIES = /^3[1-6]\d\d$|^39[0-5]\d$/;

function expandRange(range: string): string[] {
  const [from, to] = range.split('-');
  if (to === undefined) return [from!];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from!.length, '0'));
  return out;
}

function buildTable(): Map<string, AiDefinition> {
  const table = new Map<string, AiDefinition>();
  for (const line of AI_DICTIONARY.split('\n')) {
    if (line.trim() === '') continue;
    const [range, flag, spec, titleTemplate, rules] = line.split('|').map((s) => s.trim());
    if (range === undefined || spec === undefined || titleTemplate === undefined) {
      throw new InvariantViolation(`bad AI dictionary line: ${line}`);
    }
    const ais = expandRange(range);
    const components = spec.split(/\s+/).map((c) => parseComponent(c, range));
    const { requires, excludes } = parseRules(rules ?? '');
    ais.forEach((ai, index) => {
      const title = titleTemplate.replace('{n}', String(index)).replace('{n+1}', String(index + 1));
      const base: AiDefinition = {
        ai,
        title,
        predefinedLength: flag === '*',
        components,
        minLength: components.reduce((s, c) => s + (c.optional ? 0 : c.min), 0),
        maxLength: components.reduce((s, c) => s + c.max, 0),
        requires,
        excludes,
      };
      if (table.has(ai)) throw new InvariantViolation(`AI ${ai} defined twice`);
      table.set(ai, DECIMAL_FAMILIES.test(ai) ? { ...base, impliedDecimals: Number(ai[3]) } : base);
    });
  }
  return table;
}

export const AI_TABLE: ReadonlyMap<string, AiDefinition> = buildTable();

/** The definition of the AI starting at `pos`, or undefined when the digits there name no AI. */
export function lookupAiAt(data: string, pos: number): AiDefinition | undefined {
  for (let len = 2; len <= 4; len++) {
    if (pos + len > data.length) return undefined;
    const def = AI_TABLE.get(data.slice(pos, pos + len));
    if (def) return def;
  }
  return undefined;
}

export function lookupAi(ai: string): AiDefinition | undefined {
  return AI_TABLE.get(ai);
}

/**
 * The AI length GS1 uses for a two-digit prefix (all AIs sharing two leading digits have the
 * same length), used to name an unknown AI precisely in an error. Undefined for prefixes that
 * are not allocated at all.
 */
export function aiLengthForPrefix(prefix: string): number | undefined {
  return PREFIX_LENGTHS.get(prefix);
}

const PREFIX_LENGTHS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const ai of AI_TABLE.keys()) m.set(ai.slice(0, 2), ai.length);
  return m;
})();

/** Does `ai` match a rule pattern such as "310n", "31nn" or "01"? */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) if (pattern[i] !== 'n' && pattern[i] !== ai[i]) return false;
  return true;
}
