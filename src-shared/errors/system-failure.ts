/**
 * The words for a file the operating system refused (FR-138), in English and Chinese: one
 * wording for the CLI (src-cli/cli-failure.ts) and the station's backup (writableFolder). Only
 * errors the operating system raised, with its errno code, are such failures.
 */
const SYSTEM_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EROFS', 'EMFILE', 'ENAMETOOLONG', 'ELOOP', 'EBUSY', 'EDQUOT']);

export type Lang = 'en' | 'zh-CN';

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
export function systemFailure(e: unknown, lang: Lang = 'en'): { code: 'IO_ERROR'; message: string; details: { errno: string; path?: string } } | null {
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

/** The words for an errno code on a path, e.g. ('ENOENT', '/x', 'zh-CN') → 无法使用 /x：文件或文件夹不存在. */
export function systemFailureWords(errno: string, path: string | undefined, lang: Lang): string {
  const words = WORDS[lang];
  const reason = words.reason[errno] ?? errno;
  return path ? words.cannot(path, reason) : words.failed(reason);
}
