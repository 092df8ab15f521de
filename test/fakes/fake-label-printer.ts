/**
 * A network label printer for tests: a TCP server on 127.0.0.1 that keeps each job it
 * receives, as a printer's raw port 9100 does. FR-145: it answers the host status query `~HS`
 * as a Zebra printer does (healthy and idle unless `status` says otherwise; a null `status`
 * answers nothing; `answers` falls silent after that many answers), and keeps the job without the queries. `close()` in afterEach.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { hostStatusReply } from '../../src-main/devices/label/zpl-host-status.testkit.ts';

export interface FakeLabelPrinter {
  port: number;
  jobs: Buffer[];
  /** What the next `~HS` answers say; null: no answer at all. */
  status: Parameters<typeof hostStatusReply>[0] | null;
  /** `~HS` queries received. */
  queries: number;
  /** How many more `~HS` queries it answers before it falls silent; null: every one. */
  answers: number | null;
  close(): Promise<void>;
}

export async function fakeLabelPrinter(): Promise<FakeLabelPrinter> {
  const sockets = new Set<Socket>();
  const printer: FakeLabelPrinter = {
    port: 0,
    jobs: [],
    status: {},
    queries: 0,
    answers: null,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((s: Socket) => {
    sockets.add(s);
    let job = '';
    let kept = false;
    const keep = () => {
      if (!kept) printer.jobs.push(Buffer.from(job, 'latin1'));
      kept = true;
    };
    s.on('data', (c) => {
      job += c.toString('latin1');
      // A tilde command is acted on at once; what came before the first query is the job.
      while (job.includes('~HS')) {
        const at = job.indexOf('~HS');
        if (!kept) {
          const before = job.slice(0, at);
          printer.jobs.push(Buffer.from(before, 'latin1'));
          kept = true;
        }
        job = job.slice(0, at) + job.slice(at + 3);
        printer.queries++;
        if (printer.status !== null && printer.answers !== 0) {
          s.write(hostStatusReply(printer.status));
          if (printer.answers !== null) printer.answers--;
        }
      }
    });
    s.on('end', () => {
      keep();
      s.end();
    });
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  printer.port = (server.address() as { port: number }).port;
  return printer;
}
