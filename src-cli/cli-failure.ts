/**
 * A file the command was told to read or write that the system refuses (no such folder, a folder
 * where a file was named, no permission, disk full): a typed IO_ERROR and exit 2, in the
 * language the command was asked for, never Node's stack trace and exit 1 (FR-138). Only
 * errors the operating system raised, with its errno code, are such failures; anything else is
 * a bug and stays loud.
 */
import type { CliIo } from './cli-io.ts';
import { EXIT_USAGE, printFailure } from './cli-io.ts';

const SYSTEM_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EROFS', 'EMFILE', 'ENAMETOOLONG', 'ELOOP', 'EBUSY', 'EDQUOT']);

type Lang = 'en' | 'zh-CN';

const WORDS: Record<Lang, { reason: Record<string, string>; cannot: (path: string, reason: string) => string; failed: (reason: string) => string }> = {
  en: {
    reason: {
      ENOENT: 'no such file or folder',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EISDIR: 'it is a folder, not a file',
      ENOTDIR: 'a part of the path is not a folder',
      EEXIST: 'it exists already',
      ENOSPC: 'no space left on the disk',
      EROFS: 'the file system is read-only',
      EMFILE: 'too many open files',
      ENAMETOOLONG: 'the name is too long',
      ELOOP: 'too many symbolic links',
      EBUSY: 'the file is busy',
      EDQUOT: 'the disk quota is exceeded',
    },
    cannot: (path, reason) => `cannot use ${path}: ${reason}`,
    failed: (reason) => `a file operation failed: ${reason}`,
  },
  'zh-CN': {
    reason: {
      ENOENT: '文件或文件夹不存在',
      EACCES: '没有权限',
      EPERM: '不允许此操作',
      EISDIR: '这是一个文件夹，不是文件',
      ENOTDIR: '路径中有一部分不是文件夹',
      EEXIST: '已经存在',
      ENOSPC: '磁盘空间不足',
      EROFS: '文件系统为只读',
      EMFILE: '打开的文件过多',
      ENAMETOOLONG: '名称过长',
      ELOOP: '符号链接过多',
      EBUSY: '文件正被占用',
      EDQUOT: '超出磁盘配额',
    },
    cannot: (path, reason) => `无法使用 ${path}：${reason}`,
    failed: (reason) => `文件操作失败：${reason}`,
  },
};

/** The language a command line asks for (`--lang zh-CN` or `--lang=zh-CN`), English otherwise. */
export function langOf(argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

/** The typed failure of an error the operating system raised, or null for anything else. */
export function systemFailure(e: unknown, lang: Lang): { code: 'IO_ERROR'; message: string; details: { errno: string; path?: string } } | null {
  if (!(e instanceof Error)) return null;
  const errno = (e as NodeJS.ErrnoException).code;
  if (typeof errno !== 'string' || !SYSTEM_CODES.has(errno)) return null;
  const words = WORDS[lang];
  const reason = words.reason[errno] ?? errno;
  const path = (e as NodeJS.ErrnoException).path;
  const dest = (e as NodeJS.ErrnoException & { dest?: string }).dest;
  const named = dest ?? path;
  return { code: 'IO_ERROR', message: named ? words.cannot(named, reason) : words.failed(reason), details: { errno, ...(named ? { path: named } : {}) } };
}

/** Prints a system failure as a typed refusal (JSON with --json) and returns exit 2; null when `e` is no such failure. */
export function reportSystemFailure(io: CliIo, argv: readonly string[], e: unknown): number | null {
  const failure = systemFailure(e, langOf(argv));
  if (!failure) return null;
  return printFailure(io, argv.includes('--json'), failure, EXIT_USAGE);
}
