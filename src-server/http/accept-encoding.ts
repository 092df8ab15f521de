/**
 * Whether a request's Accept-Encoding takes gzip (RFC 9110 §12.5.3): "gzip" (or the old
 * "x-gzip") with a weight above 0, or "*" above 0 when gzip is not itself listed at 0. No
 * header, "identity" alone, "gzip;q=0" or "*;q=0": no. A route that holds a body gzip'd
 * already sends it as it is when this says yes (trace-service.ts, traceReply).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    let weight = 1;
    for (const p of params) {
      const m = /^q\s*=\s*(.*)$/.exec(p);
      // A weight that is no number (q=abc) counts as 0: a malformed header never gets gzip.
      if (m) weight = /^[0-9]+(\.[0-9]*)?$/.test(m[1]!) ? Number(m[1]) : 0;
    }
    if (name === 'gzip' || name === 'x-gzip') gzip = Math.max(gzip ?? 0, weight);
    else if (name === '*') any = weight;
  }
  return gzip !== null ? gzip > 0 : any !== null && any > 0;
}
