/** A Zebra `~HS` answer as a fake printer sends it (FR-145 tests): healthy and idle unless told otherwise. */
export function hostStatusReply(s: { paperOut?: boolean; paused?: boolean; headUp?: boolean; ribbonOut?: boolean; formatsInBuffer?: number; labelsRemaining?: number } = {}): Buffer {
  const f = (v: boolean | undefined) => (v ? '1' : '0');
  const s1 = `030,${f(s.paperOut)},${f(s.paused)},0560,${String(s.formatsInBuffer ?? 0).padStart(3, '0')},0,0,0,000,0,0,0`;
  const s2 = `001,0,${f(s.headUp)},${f(s.ribbonOut)},0,2,6,0,${String(s.labelsRemaining ?? 0).padStart(8, '0')},1,000`;
  const s3 = '1234,0';
  return Buffer.from([s1, s2, s3].map((x) => `\x02${x}\x03\r\n`).join(''), 'latin1');
}
