/**
 * Lazy command loading (issue 16, item 2): each entry of the command table names exactly the
 * commands its module registers, and a command line loads only the module that owns it.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/fakes/cli-runner.ts';
import type { CliIo } from '../cli-io.ts';
import { commandModules, modulesFor, type CommandModule } from './index.ts';
import { DEFAULT_UI_DIR } from './station.ts';
import { fileURLToPath } from 'node:url';

const silent: CliIo = { out: () => undefined, err: () => undefined, env: {} };

describe('lazy command modules', () => {
  // Loads every command module (most of the code base): past the 30 s default on a loaded two-core machine.
  it('each entry names exactly the top-level commands its module registers, and no name is claimed twice', { timeout: 120_000 }, async () => {
    const all: string[] = [];
    for (const m of commandModules) {
      const program = new Command('batchline');
      (await m.load())(program, silent, () => undefined);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...m.names].sort());
      all.push(...m.names);
    }
    expect(new Set(all).size).toBe(all.length);
  });

  it('a command line loads only the module that owns its command; help and unknown commands load all', async () => {
    const loaded: string[] = [];
    const fake = (name: string): CommandModule => ({
      names: [name],
      load: () => {
        loaded.push(name);
        return Promise.resolve((program: Command, _io: CliIo, setExit: (code: number) => void) => {
          program.command(name).action(() => setExit(7));
        });
      },
    });
    const modules = [fake('alpha'), fake('beta'), fake('gamma')];
    expect((await runCli(['beta'], { modules })).code).toBe(7);
    expect(loaded).toEqual(['beta']);
    loaded.length = 0;
    expect((await runCli(['--help'], { modules })).code).toBe(0);
    expect(loaded.sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(modulesFor(['node', 'batchline', 'delta'], modules)).toHaveLength(3);
  });

  it('the station serves the UI built into the repository by default (dist-renderer beside src-cli)', () => {
    expect(DEFAULT_UI_DIR).toBe(fileURLToPath(new URL('../../dist-renderer', import.meta.url)));
  });
});
