/**
 * A plant's own container labels (drums, IBCs, dispensing bins) that are not GS1: recognised
 * by configured regular expressions whose named groups become fields, e.g.
 *   { name: 'bin', pattern: 'BIN-(?<container>\\d{6})-(?<lot>[A-Z0-9]+)' }
 * The pattern must match the whole scan; it is configuration written by IT, so an invalid one
 * is a configuration error (INPUT_INVALID), not a bad scan.
 */
import { err, ok, type Result } from '../result.ts';

export interface InternalContainerPattern {
  readonly name: string;
  /** Regular expression (source text or RegExp) matched against the whole scanned data. */
  readonly pattern: string | RegExp;
}

export interface CompiledPattern {
  readonly name: string;
  readonly regex: RegExp;
}

const cache = new Map<string, RegExp>();

export function compilePattern(p: InternalContainerPattern): Result<CompiledPattern> {
  const source = typeof p.pattern === 'string' ? p.pattern : p.pattern.source;
  const flags = typeof p.pattern === 'string' ? 'u' : p.pattern.flags.replace(/[gy]/g, '');
  const key = `${flags}/${source}`;
  let regex = cache.get(key);
  if (!regex) {
    try {
      regex = new RegExp(`^(?:${source})$`, flags);
    } catch (e) {
      return err('INPUT_INVALID', `internal label pattern "${p.name}" is not a valid regular expression: ${(e as Error).message}`, { pattern: p.name });
    }
    if (cache.size > 256) cache.clear();
    cache.set(key, regex);
  }
  return ok({ name: p.name, regex });
}

/** The named groups of the first pattern that matches the whole of `data`. */
export function matchInternalContainer(
  data: string,
  patterns: readonly CompiledPattern[],
): { pattern: string; fields: Record<string, string> } | undefined {
  for (const p of patterns) {
    const m = p.regex.exec(data);
    if (!m) continue;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) fields[k] = v;
    return { pattern: p.name, fields };
  }
  return undefined;
}
