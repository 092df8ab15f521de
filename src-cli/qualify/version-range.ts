/**
 * The few npm range forms Batchline's package.json uses (`>=20.19 <21 || >=22`, `^40.10.2`,
 * `~5.9`, `8.3.4`), checked without pulling in a semver library for IQ alone. An unreadable
 * range is not satisfied: IQ must fail rather than guess.
 */
type Version = [number, number, number];

export function satisfiesRange(version: string, range: string): boolean {
  const v = parse(version);
  if (!v || range.trim() === '') return false;
  return range.split('||').some((alt) => {
    const parts = alt.trim().split(/\s+/).filter(Boolean);
    return parts.length > 0 && parts.every((c) => comparator(v, c));
  });
}

function comparator(v: Version, c: string): boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+(?:\.\d+){0,2})$/.exec(c);
  if (!m) return false;
  const op = m[1] ?? '=';
  const given = m[2]!.split('.').length;
  const w = parse(m[2]!)!;
  const cmp = compare(v, w);
  switch (op) {
    case '>=':
      return cmp >= 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '^':
      return cmp >= 0 && v[0] === w[0];
    case '~':
      return cmp >= 0 && v[0] === w[0] && (given < 2 || v[1] === w[1]);
    default:
      // A bare "8.3" means any 8.3.x, as npm reads it.
      return v.slice(0, given).every((n, i) => n === w[i]);
  }
}

function parse(s: string): Version | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
