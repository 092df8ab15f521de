import { describe, expect, it } from 'vitest';
import { parseBalanceSpec } from './balance-spec.ts';

describe('--balance flags', () => {
  it('read protocol, port, baud and an optional master-data id', () => {
    const plain = parseBalanceSpec('mt-sics:/dev/ttyUSB0', 0);
    expect(plain.ok && [plain.value.id, plain.value.port, plain.value.serial.baudRate, plain.value.serial.handshake]).toEqual(['BAL-01', '/dev/ttyUSB0', 9600, 'xon-xoff']);
    const named = parseBalanceSpec('BAL-A01=sbi:COM3:1200', 3);
    expect(named.ok && [named.value.id, named.value.protocol, named.value.port, named.value.serial.baudRate, named.value.serial.parity]).toEqual(['BAL-A01', 'sbi', 'COM3', 1200, 'odd']);
  });

  it('refuse an unknown protocol, a missing port and an unsupported baud rate', () => {
    for (const bad of ['scale:/dev/ttyUSB0', 'mt-sics:', 'mt-sics:/dev/ttyUSB0:9601']) {
      const r = parseBalanceSpec(bad, 0);
      expect(!r.ok && r.error.code, bad).toBe('INPUT_INVALID');
    }
  });

  it('FR-155 a baud rate in any spelling but decimal digits is refused, not read loosely or taken into the port name', () => {
    for (const bad of ['mt-sics:/dev/ttyUSB0:09600', 'mt-sics:/dev/ttyUSB0:0x2580', 'mt-sics:/dev/ttyUSB0:9.6e3', 'mt-sics:/dev/ttyUSB0:+9600', 'mt-sics:/dev/ttyUSB0: 9600', 'sbi:COM3:1200.0']) {
      const r = parseBalanceSpec(bad, 0);
      expect(!r.ok && r.error.code, bad).toBe('INPUT_INVALID');
      expect(!r.ok && r.error.message, bad).toMatch(/baud rate/);
    }
    const good = parseBalanceSpec('mt-sics:/dev/ttyUSB0:19200', 0);
    expect(good.ok && [good.value.port, good.value.serial.baudRate]).toEqual(['/dev/ttyUSB0', 19200]);
  });
});
