/**
 * One language and one format for every command (FR-138): each registered command takes
 * `--lang zh-CN --json`, and commander's usage errors are typed refusals (USAGE_INVALID, exit 2,
 * JSON with --json, zh-CN words). The walk covers the command table, so a command added later
 * without them fails here.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.ts';
import { commandModules } from './commands/index.ts';
import { runnableCommands } from './cli-usage.ts';
import { runCli } from '../test/fakes/cli-runner.ts';

const silent: CliIo = { out: () => undefined, err: () => undefined, env: {} };
const CHINESE = /[\u4e00-\u9fff]/;

/** Each command that runs something: its words on the command line, and dummy values for its mandatory options. */
async function everyCommand(): Promise<Array<{ path: string[]; mandatory: string[] }>> {
  const found: Array<{ path: string[]; mandatory: string[] }> = [];
  for (const m of commandModules) {
    const program = new Command('batchline');
    (await m.load())(program, silent, () => undefined);
    for (const c of runnableCommands(program)) {
      const path: string[] = [];
      for (let at: Command | null = c; at && at !== program; at = at.parent) path.unshift(at.name());
      found.push({ path, mandatory: c.options.filter((o) => o.mandatory).flatMap((o) => [o.long!, ...(o.required || o.optional ? ['x'] : [])]) });
    }
  }
  return found;
}

interface Refusal {
  ok: boolean;
  error: { code: string; message: string; details: { reason: string } };
}

describe('FR-138 every command speaks --lang and --json, usage errors typed', () => {
  // Loads every command module (most of the code base): past the 30 s default on a loaded two-core machine.
  it('FR-138 every registered command takes --lang zh-CN --json; a bad option is USAGE_INVALID JSON, exit 2, in Chinese', { timeout: 120_000 }, async () => {
    const commands = await everyCommand();
    expect(commands.length).toBeGreaterThan(40);
    // A command with subcommands and an action of its own is walked too (the station itself).
    expect(commands.map((c) => c.path.join(' '))).toContain('station');
    const wrong: string[] = [];
    for (const { path, mandatory } of commands) {
      const r = await runCli([...path, ...mandatory, '--lang', 'zh-CN', '--json', '--no-such-option']);
      const line = r.outLines.length === 1 ? (JSON.parse(r.outLines[0]!) as Refusal) : null;
      const ok =
        r.code === 2 &&
        r.err === '' &&
        line?.ok === false &&
        line.error.code === 'USAGE_INVALID' &&
        line.error.details.reason === 'unknownOption' &&
        line.error.message.includes('--no-such-option') &&
        CHINESE.test(line.error.message);
      if (!ok) wrong.push(`${path.join(' ')}: exit ${r.code}, out ${JSON.stringify(r.out)}, err ${JSON.stringify(r.err)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('FR-138 commander usage errors are typed in en and zh-CN, plain `CODE: message` on stderr without --json', async () => {
    const unknownCommand = await runCli(['no-such-command', '--json', '--lang', 'zh-CN']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.json<Refusal>()).toEqual({ ok: false, error: { code: 'USAGE_INVALID', message: '未知命令 no-such-command', details: { reason: 'unknownCommand' } } });

    const missingArgument = await runCli(['parse-barcode', '--json']);
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.json<Refusal>().error).toEqual({ code: 'USAGE_INVALID', message: "missing required argument 'data'", details: { reason: 'missingArgument' } });

    const missingValue = await runCli(['verify', '--lang', 'zh-CN', '--db']);
    expect(missingValue).toMatchObject({ code: 2, out: '' });
    expect(missingValue.errLines).toEqual([expect.stringMatching(/^USAGE_INVALID: 选项 --db <path> 缺少值$/)]);

    const badLang = await runCli(['parse-barcode', '0100614141123452', '--lang', 'fr', '--json']);
    expect(badLang.code).toBe(2);
    expect(badLang.json<Refusal>().error).toMatchObject({ code: 'USAGE_INVALID', details: { reason: 'invalidArgument' } });
    expect(badLang.json<Refusal>().error.message).toContain('Allowed choices are en, zh-CN');

    const tooMany = await runCli(['parse-barcode', 'a', 'b', '--lang', 'zh-CN']);
    expect(tooMany).toMatchObject({ code: 2, out: '', err: 'USAGE_INVALID: 参数过多：应为 1 个，实际为 2 个' });

    const plain = await runCli(['parse-barcode', '0100614141123452', '--bogus']);
    expect(plain).toMatchObject({ code: 2, out: '', err: "USAGE_INVALID: unknown option '--bogus'" });
    const noDb = await runCli(['station', 'describe', '--lang', 'zh-CN', '--json']);
    expect(noDb.code).toBe(2);
    expect(noDb.json<Refusal>().error).toEqual({ code: 'USAGE_INVALID', message: '未给出必需的选项 --db <path>', details: { reason: 'missingMandatoryOptionValue' } });
    const mandatory = await runCli(['verify', '--lang', 'zh-CN']);
    expect(mandatory).toMatchObject({ code: 2, out: '', err: 'USAGE_INVALID: 未给出必需的选项 --db <path>' });
  });
});
