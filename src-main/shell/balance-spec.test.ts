import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('FR-155 a Linux by-path or by-id port name with colons is the port, at the default baud or one given after it', () => {
    const byPath = '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0';
    const byId = '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0';
    const cases: [string, string, number][] = [
      [`mt-sics:${byPath}`, byPath, 9600],
      [`mt-sics:${byPath}:19200`, byPath, 19200],
      [`BAL-A01=sbi:${byPath}:1200`, byPath, 1200],
      [`mt-sics:${byId}`, byId, 9600],
      [`mt-sics:${byId}:4800`, byId, 4800],
      ['mt-sics:/dev/serial/by-path/platform-3f980000.usb-usb-0:1.3:1.0-port0', '/dev/serial/by-path/platform-3f980000.usb-usb-0:1.3:1.0-port0', 9600],
    ];
    for (const [spec, port, baud] of cases) {
      const r = parseBalanceSpec(spec, 0);
      expect(r.ok ? [r.value.port, r.value.serial.baudRate] : r.error.message, spec).toEqual([port, baud]);
    }
  });

  it('FR-155 an existing path whose last part looks like a number is the port, not a baud rate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'balance-spec-'));
    try {
      const port = join(dir, 'pci-0000:00:14.0-usb-0:1.0');
      writeFileSync(port, '');
      const r = parseBalanceSpec(`mt-sics:${port}`, 0);
      expect(r.ok ? [r.value.port, r.value.serial.baudRate] : r.error.message).toEqual([port, 9600]);
      const missing = parseBalanceSpec(`mt-sics:${join(dir, 'gone:1.0')}`, 0);
      expect(!missing.ok && missing.error.message).toMatch(/baud rate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
