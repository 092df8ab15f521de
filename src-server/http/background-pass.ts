/**
 * A pass the hub repeats on a timer (notifications, ERP out): never two at once in this process
 * (a slow pass makes the next tick skip, not pile up), errors logged and the timer kept, the
 * timer unref'd, and closing the app waits for a pass under way. Each pass itself must be safe
 * to run in several hub processes at once (row claims in the database).
 */
import type { FastifyInstance } from 'fastify';

export function repeatPass(app: FastifyInstance, everyMs: number, pass: () => Promise<unknown>, what: string): void {
  if (!Number.isFinite(everyMs) || everyMs <= 0) return;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .catch((e: unknown) => app.log.error({ err: e }, `${what} failed`))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
