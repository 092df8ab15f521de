import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.ts';
import { passwordFromEnv } from './cli-password.ts';

function io(env: Record<string, string>) {
  const err: string[] = [];
  const cli: CliIo = { out: () => undefined, err: (l) => err.push(l), env };
  return { cli, err };
}

describe('the CLI password variable', () => {
  it('reads BATCHLINE_PASSWORD, quietly, and prefers it to the old name', () => {
    const a = io({ BATCHLINE_PASSWORD: 'new-one', BATCHLINE_HUB_PASSWORD: 'old-one' });
    expect(passwordFromEnv(a.cli)).toBe('new-one');
    expect(a.err).toEqual([]);
  });

  it('still reads BATCHLINE_HUB_PASSWORD, with a deprecation warning naming the new variable', () => {
    const b = io({ BATCHLINE_HUB_PASSWORD: 'old-one' });
    expect(passwordFromEnv(b.cli)).toBe('old-one');
    expect(b.err).toEqual(['warning: BATCHLINE_HUB_PASSWORD is deprecated; set BATCHLINE_PASSWORD instead']);
    expect(passwordFromEnv(io({}).cli)).toBeUndefined();
  });
});
