import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { repeatPass } from './background-pass.ts';

describe('a pass the hub repeats on a timer', () => {
  it('FR-65 FR-81 runs again and again, never two at once, keeps going after a failed pass, and closing waits for the pass under way', async () => {
    const app = Fastify({ logger: false });
    let running = 0;
    let most = 0;
    let passes = 0;
    let finished = 0;
    repeatPass(
      app,
      5,
      async () => {
        passes++;
        running++;
        most = Math.max(most, running);
        await sleep(20);
        running--;
        finished++;
        if (passes === 1) throw new Error('the first pass fails');
      },
      'test pass',
    );
    // Wait for passes, not for a fixed time: under load a 20 ms pass can take far longer.
    while (passes < 3) await sleep(10);
    await app.close();
    const atClose = finished;
    expect(passes).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    expect(atClose).toBe(passes);
    await sleep(30);
    expect(passes).toBe(atClose);
  });

  it('does nothing when the interval is 0 or not a number', async () => {
    const app = Fastify({ logger: false });
    let passes = 0;
    repeatPass(app, 0, async () => void passes++, 'off');
    repeatPass(app, Number('x'), async () => void passes++, 'off');
    await sleep(30);
    await app.close();
    expect(passes).toBe(0);
  });
});
