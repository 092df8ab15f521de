import { describe, expect, it } from 'vitest';
import { fieldKey, openField, sealField } from './sealed-field.ts';

const k = fieldKey('outside-secret-0123456789', 'station/user-mfa');

describe('sealed database fields', () => {
  it('D25-03 a sealed value opens only with the same secret, purpose and row', () => {
    const sealed = sealField(k, 'JBSWY3DPEHPK3PXP', 'u-1');
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openField(k, sealed, 'u-1')).toEqual({ ok: true, value: { value: 'JBSWY3DPEHPK3PXP', legacyPlaintext: false } });
    // two seals of one value differ (fresh IV), both open
    expect(sealField(k, 'JBSWY3DPEHPK3PXP', 'u-1')).not.toBe(sealed);
    const code = (r: ReturnType<typeof openField>) => (r.ok ? 'ok' : r.error.code);
    expect(code(openField(k, sealed, 'u-2'))).toBe('FIELD_SEAL_BROKEN');
    expect(code(openField(fieldKey('outside-secret-0123456789', 'hub/notify-channel'), sealed, 'u-1'))).toBe('FIELD_SEAL_BROKEN');
    expect(code(openField(fieldKey('another-secret-0123456789', 'station/user-mfa'), sealed, 'u-1'))).toBe('FIELD_SEAL_BROKEN');
    expect(code(openField(k, sealed.slice(0, -1), 'u-1'))).toBe('FIELD_SEAL_BROKEN');
    expect(code(openField(k, 'sealed:v1:abc', 'u-1'))).toBe('FIELD_SEAL_BROKEN');
  });

  it('D25-03 a value from before sealing is reported as plaintext so that it can be sealed in place', () => {
    expect(openField(k, 'JBSWY3DPEHPK3PXP', 'u-1')).toEqual({ ok: true, value: { value: 'JBSWY3DPEHPK3PXP', legacyPlaintext: true } });
    expect(() => fieldKey('short', 'x')).toThrow(/at least 16/);
  });
});
