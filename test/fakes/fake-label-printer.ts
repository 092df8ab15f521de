/**
 * A network label printer for tests: a TCP server on 127.0.0.1 that keeps each job it
 * receives, as a printer's raw port 9100 does, and closes the connection once the station has
 * sent it. `close()` in afterEach.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeLabelPrinter {
  port: number;
  jobs: Buffer[];
  close(): Promise<void>;
}

export async function fakeLabelPrinter(): Promise<FakeLabelPrinter> {
  const jobs: Buffer[] = [];
  const server: Server = createServer((s: Socket) => {
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      s.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, jobs, close: () => new Promise<void>((r) => server.close(() => r())) };
}
