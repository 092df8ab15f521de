import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-shared/result.ts';
import { removePtyPair, startPtyPair, waitUntil, type PtyPair } from '../scanner/socat-pty-pair.testkit.ts';
import { sampleLabel } from './label-fixture.testkit.ts';
import { SerialLabelTransport, TcpLabelTransport } from './label-transport.ts';
import { printDispensedLabel } from './print-label.ts';
import { hostStatusReply } from './zpl-host-status.testkit.ts';

function listen(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}
const closeServer = (s: Server) => new Promise<void>((r) => s.close(() => r()));

/** A printer on loopback that answers each `~HS` with what `status()` says (null: silence) and keeps the rest as the job. */
function zebra(status: () => Parameters<typeof hostStatusReply>[0] | null, onEnd?: (s: Socket) => void): Promise<{ server: Server; port: number; job: () => string; queries: () => number }> {
  let job = '';
  let queries = 0;
  return listen((s) => {
    s.on('data', (d) => {
      job += d.toString('latin1');
      while (job.includes('~HS')) {
        job = job.replace('~HS', '');
        queries++;
        const st = status();
        if (st !== null) s.write(hostStatusReply(st));
      }
    });
    s.on('end', () => (onEnd ? onEnd(s) : s.end()));
    s.on('error', () => undefined);
  }).then((l) => ({ ...l, job: () => job, queries: () => queries }));
}

describe('raw TCP (port 9100 style) printer transport', () => {
  it('delivers the exact ZPL bytes, then FR-145 asks ~HS and counts the job printed once the printer reports no fault and nothing queued', async () => {
    const p = await zebra(() => ({}));
    const printed = unwrap(await printDispensedLabel(sampleLabel(), new TcpLabelTransport({ host: '127.0.0.1', port: p.port })));
    await waitUntil(() => p.job() === printed.zpl, 2000, 'job');
    await closeServer(p.server);
    expect(p.queries()).toBe(1);
  });

  it('FR-145 an idle answer is the printer\'s own confirmation: confirmation "status"', async () => {
    const p = await zebra(() => ({}));
    const r = unwrap(await new TcpLabelTransport({ host: '127.0.0.1', port: p.port }).send(Buffer.from('^XA^XZ')));
    p.server.close();
    expect(r).toEqual({ confirmation: 'status' });
  });

  it('FR-145 a printer that keeps the connection open and never sends a byte back (no status, no fault): printed once the bound passed, confirmation "sent"', async () => {
    const p = await zebra(() => null);
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 200 }).send(Buffer.from('^XA^XZ'));
    p.server.close();
    expect(r).toEqual({ ok: true, value: { confirmation: 'sent' } });
    expect(p.job()).toBe('^XA^XZ');
    expect(p.queries()).toBe(1);
  });

  it('FR-145 a printer that answered ~HS once (job still queued) and then fell silent is not silent: DEVICE_TIMEOUT, delivered unknown', async () => {
    let answers = 1;
    const p = await zebra(() => (answers-- > 0 ? { formatsInBuffer: 1 } : null));
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 300, statusPollMs: 20 }).send(Buffer.from('^XA^XZ'));
    p.server.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_TIMEOUT', details: { delivered: 'unknown', formatsInBuffer: 1 } });
    expect(p.queries()).toBeGreaterThan(1);
  });

  it('FR-145 a printer that answers something that is not a host status and nothing more: DEVICE_TIMEOUT, delivered unknown (it is not silent)', async () => {
    const p = await listen((s) => {
      s.on('data', (d) => d.includes('~HS') && s.write('OK\r\n'));
      s.on('error', () => undefined);
    });
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 200 }).send(Buffer.from('^XA^XZ'));
    p.server.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_TIMEOUT', details: { delivered: 'unknown' } });
  });

  it('FR-145 statusCheck "none": the printer is not asked, the job accepted by the link is printed as "sent" without waiting for the bound', async () => {
    const p = await zebra(() => ({ paperOut: true }));
    const t0 = Date.now();
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusCheck: 'none', statusTimeoutMs: 10_000 }).send(Buffer.from('^XA^XZ'));
    expect(r).toEqual({ ok: true, value: { confirmation: 'sent' } });
    expect(Date.now() - t0).toBeLessThan(5000);
    await waitUntil(() => p.job() === '^XA^XZ', 2000, 'job');
    await closeServer(p.server);
    expect(p.queries()).toBe(0);
    // Nothing reached a printer that is not there: still refused, delivered none.
    const gone = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusCheck: 'none' }).send(Buffer.from('^XA^XZ'));
    expect(!gone.ok && gone.error).toMatchObject({ code: 'DEVICE_DISCONNECTED', details: { delivered: 'none' } });
  });

  it('FR-145 a printer that answers paper out: LABEL_PRINTER_FAULT naming the fault, delivered unknown', async () => {
    const p = await zebra(() => ({ paperOut: true, formatsInBuffer: 1 }));
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 2000 }).send(Buffer.from('^XA^XZ'));
    p.server.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'LABEL_PRINTER_FAULT', details: { delivered: 'unknown', faults: 'paper-out', formatsInBuffer: 1 } });
  });

  it('FR-145 head up, paused and ribbon out are faults too', async () => {
    for (const [status, fault] of [[{ headUp: true }, 'head-up'], [{ paused: true }, 'paused'], [{ ribbonOut: true }, 'ribbon-out']] as const) {
      const p = await zebra(() => status);
      const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 2000 }).send(Buffer.from('^XA^XZ'));
      p.server.close();
      expect(!r.ok && r.error).toMatchObject({ code: 'LABEL_PRINTER_FAULT', details: { faults: fault, delivered: 'unknown' } });
    }
  });

  it('FR-145 a printer still holding the job is asked again until it is idle; one that stays busy past the bound is unknown', async () => {
    let busy = 2;
    const p = await zebra(() => (busy-- > 0 ? { formatsInBuffer: 1, labelsRemaining: 1 } : {}));
    unwrap(await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusPollMs: 20 }).send(Buffer.from('^XA^XZ')));
    expect(p.queries()).toBe(3);
    p.server.close();
    const q = await zebra(() => ({ labelsRemaining: 3 }));
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: q.port, statusPollMs: 20, statusTimeoutMs: 200 }).send(Buffer.from('^XA^XZ'));
    q.server.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_TIMEOUT', details: { delivered: 'unknown', labelsRemaining: 3 } });
  });

  it('FR-154 a printer that answered and then ended the connection without confirming: outcome unknown at once, not printed', async () => {
    const p = await listen((s) => {
      s.on('data', () => s.end('\x02garbage'));
      s.on('error', () => undefined);
    });
    const t0 = Date.now();
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port }).send(Buffer.from('^XA^XZ'));
    p.server.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_DISCONNECTED', details: { delivered: 'unknown' } });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('FR-154 a silent printer that resets the connection with the job unread: outcome unknown, not printed', async () => {
    const p = await listen((s) => {
      s.pause();
      s.on('error', () => undefined);
      s.end();
      setTimeout(() => s.resetAndDestroy(), 200);
    });
    const r = await new TcpLabelTransport({ host: '127.0.0.1', port: p.port, statusTimeoutMs: 1500 }).send(Buffer.from('^XA^FDjob^FS^XZ'));
    p.server.close();
    expect(!r.ok && r.error).toMatchObject({ details: { delivered: 'unknown' } });
  });

  it('FR-154 a socat sink whose standard input is at its end (it ends its side at connect, reads the job, closes after ½ s): printed as "sent", the job delivered; until FR-154 it stayed unknown', async () => {
    const free = await listen(() => undefined);
    const port = free.port;
    await closeServer(free.server);
    // `socat TCP-LISTEN:9100 -` with its standard input at its end (/dev/null), as IT runs it for a test.
    const sink = spawn('socat', ['-d', '-d', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let log = '';
    sink.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    sink.stderr.on('data', (b: Buffer) => (log += b.toString('latin1')));
    try {
      await waitUntil(() => /listening on/.test(log), 3000, 'socat to listen');
      const r = await new TcpLabelTransport({ host: '127.0.0.1', port, statusTimeoutMs: 1500 }).send(Buffer.from('^XA^FDsocat^FS^XZ'));
      expect(r).toEqual({ ok: true, value: { confirmation: 'sent' } });
      await waitUntil(() => out.includes('^FDsocat^FS'), 2000, 'the job at the sink');
    } finally {
      sink.kill();
    }
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

  /** The printer end of the pty: keeps the job, answers each `~HS` with `status()` (null: silence). */
  async function serialPrinter(status: () => Parameters<typeof hostStatusReply>[0] | null): Promise<{ job: () => string; close: () => Promise<void> }> {
    const printer = new SerialPort({ path: pair.deviceEnd, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => printer.open((e) => (e ? rej(e) : res())));
    let job = '';
    printer.on('data', (d: Buffer) => {
      job += d.toString('latin1');
      while (job.includes('~HS')) {
        job = job.replace('~HS', '');
        const st = status();
        if (st !== null) printer.write(hostStatusReply(st));
      }
    });
    return { job: () => job, close: () => new Promise<void>((r) => printer.close(() => r())) };
  }

  it('writes the ZPL to the port; FR-145 counts it printed once the printer answers ~HS with no fault and nothing queued', async () => {
    const printer = await serialPrinter(() => ({}));
    const printed = unwrap(await printDispensedLabel(sampleLabel(), new SerialLabelTransport({ path: pair.stationEnd })));
    await printer.close();
    expect(Buffer.from(printer.job(), 'latin1').toString('utf8')).toBe(printed.zpl);
  });

  it('FR-145 a serial printer that reports paper out is not counted as printed (delivered unknown); one that never answers, drained, is printed as "sent"; statusCheck "none" asks nothing', async () => {
    const out = await serialPrinter(() => ({ paperOut: true }));
    const r = await new SerialLabelTransport({ path: pair.stationEnd }).send(Buffer.from('^XA^XZ'));
    await out.close();
    expect(!r.ok && r.error).toMatchObject({ code: 'LABEL_PRINTER_FAULT', details: { faults: 'paper-out', delivered: 'unknown' } });
    const silent = await serialPrinter(() => null);
    const q = await new SerialLabelTransport({ path: pair.stationEnd, statusTimeoutMs: 300 }).send(Buffer.from('^XA^XZ'));
    expect(q).toEqual({ ok: true, value: { confirmation: 'sent' } });
    await waitUntil(() => silent.job() === '^XA^XZ', 2000, 'job');
    await silent.close();
    const unasked = await serialPrinter(() => ({ paperOut: true }));
    const n = await new SerialLabelTransport({ path: pair.stationEnd, statusCheck: 'none' }).send(Buffer.from('^XA^XZ'));
    expect(n).toEqual({ ok: true, value: { confirmation: 'sent' } });
    await waitUntil(() => unasked.job() === '^XA^XZ', 2000, 'job');
    await unasked.close();
  });

  it('refuses a port that does not exist with DEVICE_PORT_OPEN_FAILED', async () => {
    const r = await new SerialLabelTransport({ path: `${pair.dir}/missing` }).send(Buffer.from('^XA^XZ'));
    expect(!r.ok && r.error.code).toBe('DEVICE_PORT_OPEN_FAILED');
  });
});
