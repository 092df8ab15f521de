/**
 * One language and one format for every command (FR-138). Every command takes `--lang en|zh-CN`
 * and `--json` (added here to any command that does not declare them itself), and commander's
 * own usage errors (an unknown option or command, a missing argument or option value, too many
 * arguments, a value not among the choices) are typed refusals: USAGE_INVALID, exit 2, words in
 * the `--lang` language, `{ ok: false, error }` JSON on stdout with `--json`, instead of
 * commander's English line on stderr.
 */
import { Option, type Command, type CommanderError } from 'commander';
import type { Lang } from '../src-shared/errors/system-failure.ts';
import { EXIT_USAGE, printWordedFailure, type CliIo } from './cli-io.ts';

export const CLI_LANGS: readonly Lang[] = ['en', 'zh-CN'];

/**
 * Every command below `program` that runs something: one with no subcommands, or one with
 * subcommands and an action of its own (`batchline station` runs the station; its subcommands
 * are other things). Commander keeps a command's action in `_actionHandler` (no public getter);
 * cli-usage.test.ts checks that `station` is found this way.
 */
export function runnableCommands(program: Command): Command[] {
  return program.commands.flatMap((c) => {
    const below = c.commands.length === 0 ? [] : runnableCommands(c);
    return c.commands.length === 0 || hasOwnAction(c) ? [c, ...below] : below;
  });
}

function hasOwnAction(c: Command): boolean {
  return typeof (c as unknown as { _actionHandler?: unknown })._actionHandler === 'function';
}

/** Gives every command that runs something `--lang` and `--json`, where it does not declare them itself. */
export function addCommonOptions(program: Command): void {
  for (const c of runnableCommands(program)) {
    if (!c.options.some((o) => o.long === '--lang')) c.addOption(new Option('--lang <lang>', 'language of the words: en or zh-CN').choices(CLI_LANGS).default('en'));
    if (!c.options.some((o) => o.long === '--json')) c.addOption(new Option('--json', 'print a refusal as { ok: false, error } JSON on stdout'));
  }
}

export interface UsageFailure {
  code: 'USAGE_INVALID';
  message: string;
  details: { reason: string };
}

const quoted = (message: string): string[] => [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

function zhWords(e: CommanderError, en: string): string {
  const [a = '', b = ''] = quoted(en);
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(en)?.[1];
  const hint = suggestion ? `（是否想用 ${suggestion}？）` : '';
  switch (e.code) {
    case 'commander.unknownOption':
      return `未知选项 ${a}${hint}`;
    case 'commander.unknownCommand':
      return `未知命令 ${a}${hint}`;
    case 'commander.missingArgument':
      return `缺少必需的参数 ${a}`;
    case 'commander.optionMissingArgument':
      return `选项 ${a} 缺少值`;
    case 'commander.missingMandatoryOptionValue':
      return `未给出必需的选项 ${a}`;
    case 'commander.conflictingOption':
      return `${a} 不能与 ${b} 同时使用`;
    case 'commander.excessArguments': {
      const n = /Expected (\d+) arguments? but got (\d+)/.exec(en);
      return n ? `参数过多：应为 ${n[1]} 个，实际为 ${n[2]} 个` : '参数过多';
    }
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.+)\.$/.exec(en)?.[1];
      const what = en.startsWith('command-argument') ? `参数 ${b} 的值 ${a}` : `选项 ${a} 的值 ${b}`;
      return `${what} 无效${choices ? `；可选值：${choices.split(', ').join('、')}` : ''}`;
    }
    default:
      return `命令行用法有误：${en}`;
  }
}

/** Commander's usage error as a typed refusal in `lang`. */
export function usageFailure(e: CommanderError, lang: Lang): UsageFailure {
  const en = e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  return { code: 'USAGE_INVALID', message: lang === 'zh-CN' ? zhWords(e, en) : en, details: { reason: e.code.replace(/^commander\./, '') } };
}

/** A mandatory option a command checks itself (not commander's requiredOption), refused as commander's would be. */
export function refuseMissingOption(io: CliIo, flags: string): number {
  const message = io.lang === 'zh-CN' ? `未给出必需的选项 ${flags}` : `required option '${flags}' not specified`;
  const failure: UsageFailure = { code: 'USAGE_INVALID', message, details: { reason: 'missingMandatoryOptionValue' } };
  return printWordedFailure(io, io.json, failure, EXIT_USAGE);
}
