import { describe, expect, it } from 'vitest';
import { defaultSerialSettings, resolveSerialSettings } from './serial-settings.ts';
import { unwrap } from '../../../src-shared/result.ts';

describe('serial settings', () => {
  it('start from the maker defaults and take overrides', () => {
    expect(defaultSerialSettings('and')).toMatchObject({ baudRate: 2400, dataBits: 7, parity: 'even' });
    const s = unwrap(resolveSerialSettings('mt-sics', { baudRate: 115200, handshake: 'none' }));
    expect(s).toEqual({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'none', lineEnding: 'CRLF' });
  });

  it('refuses impossible settings with a typed code', () => {
    for (const bad of [{ baudRate: 9601 }, { dataBits: 9 }, { parity: 'weird' }, { stopBits: 3 }, { lineEnding: 'NUL' }]) {
      const r = resolveSerialSettings('mt-sics', bad);
      expect(r.ok ? 'ok' : r.error.code).toBe('DEVICE_SETTINGS_INVALID');
    }
  });
});
