import { describe, expect, it } from 'vitest';
import { findReportFont, latin1Only } from './report-font.ts';

describe('report font', () => {
  it('takes a given font file, with an optional face of a collection, and reports a missing one', () => {
    expect(findReportFont('/no/such/font.ttc#Face')).toEqual({ path: null, lookedFor: '/no/such/font.ttc' });
    const here = new URL(import.meta.url).pathname;
    expect(findReportFont(`${here}#Some-Face`)).toEqual({ path: here, face: 'Some-Face', lookedFor: here });
  });

  it('without a CJK font prints "?" for what Helvetica cannot show, and keeps Latin-1', () => {
    expect(latin1Only('Chen Jing (陈静), Müller, 12.5 g ±0.1')).toBe('Chen Jing (??), Müller, 12.5 g ±0.1');
  });
});
