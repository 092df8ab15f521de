import { describe, expect, it } from 'vitest';
import { acceptsGzip } from './accept-encoding.ts';

describe('acceptsGzip', () => {
  it('takes gzip when the client lists it, or "*", with a weight above 0', () => {
    for (const h of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8, *;q=0.1', 'x-gzip', 'GZIP', '*', 'identity, *;q=0.5', ['deflate', 'gzip']]) expect(acceptsGzip(h), String(h)).toBe(true);
  });
  it('does not without a header, for identity or deflate alone, or where gzip or "*" weighs 0', () => {
    for (const h of [undefined, '', 'identity', 'deflate, br', 'gzip;q=0', 'gzip; q=0.000', '*;q=0', 'gzip;q=0, *', 'gzip;q=abc', 'gzipped']) expect(acceptsGzip(h), String(h)).toBe(false);
  });
});
