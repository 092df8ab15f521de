import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import { removePtyPair, startPtyPair, waitUntil, type PtyPair } from '../scanner/socat-pty-pair.testkit.ts';
import { sampleLabel } from './label-fixture.testkit.ts';
import { SerialLabelTransport, TcpLabelTransport } from './label-transport.ts';
import { printDispensedLabel } from './print-label.ts';

function listen(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}
const closeServer = (s: Server) => new Promise<void>((r) => s.close(() => r()));

describe('raw TCP (port 9100 style) printer transport', () => {
  it('delivers the exact ZPL bytes to a printer that closes after the job', async () => {
    const received: Buffer[] = [];
    const { server, port } = await listen((s) => {
      s.on('data', (d) => received.push(d));
      s.on('end', () => s.end());
    });
    const printed = unwrap(await printDispensedLabel(sampleLabel(), new TcpLabelTransport({ host: '127.0.0.1', port })));
    await closeServer(server);
    expect(Buffer.concat(received).toString('utf8')).toBe(printed.zpl);
  });

  it('succeeds after a grace period with a printer that keeps the connection open', async () => {
    const received: Buffer[] = [];
    const { server, port } = await listen((s) => s.on('data', (d) => received.push(d)));
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port, closeGraceMs: 50 }).send(Buffer.from('^XA^XZ'));
    server.close();
    expect(r.ok).toBe(true);
    await waitUntil(() => Buffer.concat(received).toString() === '^XA^XZ', 2000, 'bytes');
  });

  it('reports a refused connection as DEVICE_DISCONNECTED', async () => {
    const { server, port } = await listen(() => undefined);
    await closeServer(server); // nothing listens there any more
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port }).send(Buffer.from('^XA^XZ'));
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_DISCONNECTED', details: { printer: `tcp://127.0.0.1:${port}` } });
  });

  it('times out on a printer that stops reading (buffer full)', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await listen((s) => {
      s.pause();
      sockets.push(s);
    });
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port, timeoutMs: 300 }).send(Buffer.alloc(64 * 1024 * 1024, 0x41));
    sockets.forEach((s) => s.destroy());
    await closeServer(server);
    expect(!r.ok && r.error.code).toBe('DEVICE_TIMEOUT');
  });
});

describe('serial printer transport over a socat pty pair', () => {
  let pair: PtyPair;
  beforeAll(async () => {
    pair = await startPtyPair();
  });
  afterAll(async () => {
    await removePtyPair(pair);
  });

  it('writes the ZPL to the port', async () => {
    const printer = new SerialPort({ path: pair.deviceEnd, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => printer.open((e) => (e ? rej(e) : res())));
    const received: Buffer[] = [];
    printer.on('data', (d: Buffer) => received.push(d));
    const printed = unwrap(await printDispensedLabel(sampleLabel(), new SerialLabelTransport({ path: pair.stationEnd })));
    await waitUntil(() => Buffer.concat(received).length >= Buffer.byteLength(printed.zpl), 5000, 'ZPL on the printer end');
    await new Promise<void>((r) => printer.close(() => r()));
    expect(Buffer.concat(received).toString('utf8')).toBe(printed.zpl);
  });

  it('refuses a port that does not exist with DEVICE_PORT_OPEN_FAILED', async () => {
    const r = await new SerialLabelTransport({ path: `${pair.dir}/missing` }).send(Buffer.from('^XA^XZ'));
    expect(!r.ok && r.error.code).toBe('DEVICE_PORT_OPEN_FAILED');
  });
});
