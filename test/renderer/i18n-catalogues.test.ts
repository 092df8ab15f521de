/**
 * Both station languages say everything: the same keys in en and zh-CN, no empty text, the
 * same {{placeholders}} per key, an operator text for every error code in both, and no text in
 * the screens that bypasses the translation layer (JSX text and user-facing attributes must
 * come from t(), except punctuation, numbers and symbols).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { ErrorCode } from '../../src-shared/errors.ts';
import { resources } from '../../src-renderer/i18n/i18n.ts';

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const en = flatten(resources.en.translation as unknown as Tree);
const zh = flatten(resources['zh-CN'].translation as unknown as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translation catalogues', () => {
  it('have exactly the same keys in en and zh-CN', () => {
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('have no empty text and the same placeholders per key', () => {
    for (const [k, v] of en) {
      expect(v.trim(), `en ${k}`).not.toBe('');
      expect(zh.get(k)!.trim(), `zh-CN ${k}`).not.toBe('');
      expect(placeholders(zh.get(k)!), `placeholders of ${k}`).toEqual(placeholders(v));
    }
  });

  it('translate every error code in both languages', () => {
    const missing = ErrorCode.options.filter((c) => !en.has(`errors.${c}`) || !zh.has(`errors.${c}`));
    expect(missing, 'add these codes to src-shared/errors/words-{en,zh-CN}.ts').toEqual([]);
  });

  it('really are Chinese in zh-CN (not English copied over)', () => {
    // The same text in both languages is right only for symbols, codes and names.
    const SAME_ALLOWED = new Set(['roles.qa', 'events.unknown']);
    const copied = [...zh].filter(([k, v]) => v === en.get(k) && /\p{L}{2,}/u.test(v.replace(/\{\{\w+\}\}/g, '')) && !SAME_ALLOWED.has(k)).map(([k]) => k);
    expect(copied).toEqual([]);
    const han = /[\u4e00-\u9fff]/;
    expect([...zh.values()].filter((v) => han.test(v)).length / zh.size).toBeGreaterThan(0.9);
  });
});

// --- no untranslated text in the components -------------------------------------------------

const RENDERER = new URL('../../src-renderer/', import.meta.url).pathname;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return p.endsWith('.tsx') && !p.endsWith('.test.tsx') ? [p] : [];
  });
}

/**
 * JSX text and user-facing attributes given as string literals, found with the TypeScript
 * parser (not a regex, so code between elements is never mistaken for text).
 */
export function untranslatedText(source: string): string[] {
  const found: string[] = [];
  const file = ts.createSourceFile('x.tsx', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.text.trim();
      if (isHumanText(text)) found.push(text);
    } else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer) && USER_FACING.has(node.name.getText(file))) {
      const text = node.initializer.text.trim();
      if (isHumanText(text)) found.push(`${node.name.getText(file)}="${text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const USER_FACING = new Set(['label', 'title', 'placeholder', 'aria-label', 'alt', 'hint', 'text', 'aria-description']);

function isHumanText(text: string): boolean {
  // Letters of any script make it language; punctuation, digits and symbols ("·", "—", ":") do not.
  return /\p{L}{2,}/u.test(text);
}

describe('renderer components', () => {
  const files = tsxFiles(RENDERER);

  it('are found', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('show no text that bypasses the translation layer', () => {
    const offenders = files.flatMap((f) => untranslatedText(readFileSync(f, 'utf8')).map((t) => `${f.slice(RENDERER.length)}: ${t}`));
    expect(offenders).toEqual([]);
  });

  it('the scanner of this test catches what it should', () => {
    expect(untranslatedText('<p>Hello operator</p>')).toEqual(['Hello operator']);
    expect(untranslatedText('<Button label="Save now" />')).toEqual(['label="Save now"']);
    expect(untranslatedText('<p>{t("x")}: {value} · —</p>')).toEqual([]);
    expect(untranslatedText('<b>登录</b>')).toEqual(['登录']);
  });
});
