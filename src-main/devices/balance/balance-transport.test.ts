import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SerialPortTransport, type PortFactory } from './balance-transport.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { resolveSerialSettings } from './serial-settings.ts';

/** A port whose open the OS answers only when the test says so. */
function slowPort(): { factory: PortFactory; finishOpen: () => void; state: { open: boolean; closed: number } } {
  const state = { open: false, closed: 0 };
  let pending: ((e: Error | null) => void) | null = null;
  const factory: PortFactory = () => {
    const stream = new PassThrough() as unknown as ReturnType<PortFactory>;
    Object.defineProperty(stream, 'isOpen', { get: () => state.open });
    stream.open = (cb) => {
      pending = (e) => {
        state.open = e === null;
        cb(e);
      };
    };
    stream.close = (cb) => {
      state.open = false;
      state.closed++;
      cb?.(null);
    };
    return stream;
  };
  return { factory, finishOpen: () => pending?.(null), state };
}

describe('SerialPortTransport', () => {
  it('D25-05 a port closed while the OS was still opening it is closed when the open comes back, and the open says so', async () => {
    const port = slowPort();
    const t = new SerialPortTransport('/dev/ttyTEST', unwrap(resolveSerialSettings('mt-sics', { baudRate: 9600, handshake: 'none' })), port.factory);
    const opening = t.open({ data: () => undefined, lost: () => undefined });
    await new Promise((r) => setImmediate(r));
    await t.close(); // the station stops, or the balance is reconfigured, mid-open
    port.finishOpen();
    const r = await opening;
    expect(r.ok ? 'ok' : r.error.code).toBe('DEVICE_NOT_CONNECTED');
    expect(port.state).toEqual({ open: false, closed: 1 });
  });

  it('D25-05 an open that nobody overtook holds its port until close', async () => {
    const port = slowPort();
    const t = new SerialPortTransport('/dev/ttyTEST', unwrap(resolveSerialSettings('mt-sics', { baudRate: 9600, handshake: 'none' })), port.factory);
    const opening = t.open({ data: () => undefined, lost: () => undefined });
    await new Promise((r) => setImmediate(r));
    port.finishOpen();
    expect((await opening).ok).toBe(true);
    expect(port.state.open).toBe(true);
    await t.close();
    expect(port.state).toEqual({ open: false, closed: 1 });
  });
});
