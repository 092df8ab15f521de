/**
 * The language check of a zh-CN screen (issue 18 item 9): the visible Latin words that are
 * neither codes nor ids nor units nor the plant's own data marked translate="no".
 */
import type { Page } from '@playwright/test';
import { expect } from 'vitest';
import { photograph } from './browser.ts';

/**
 * Units and zone names; nothing else. The plant's own data (material and step names, lot
 * numbers, user names, balance models, what people typed) is exempt only where the screen marks
 * it as such with `translate="no"` (the HTML attribute that tells a reader, and a translation
 * tool, that the text is not UI wording): an unmarked English word is an untranslated word.
 */
// Batchline: the product's name, not UI wording.
const ALLOWED = new Set(['g', 'kg', 'mg', 'GMT', 'UTC', 'Pa', 'Batchline']);
/** Latin words on screen that are neither data nor codes (codes: upper case, or with digits, dots, hyphens). */
export async function englishOn(p: Page): Promise<string[]> {
  // The language button and the language choice name the other language in that language ("English"), by design.
  const text = await p.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-testid="language"], [data-testid="locale-toggle"], option[value="en"], [translate="no"]').forEach((e) => e.remove());
    document.body.append(clone);
    clone.style.position = 'absolute';
    const t = clone.innerText;
    clone.remove();
    return t;
  });
  const found = new Set<string>();
  for (const token of text.split(/[\s,;:()（）、，。：；“”"'·|/—…]+/)) {
    if (!/[a-z]/.test(token)) continue; // all-caps codes, numbers, CJK
    if (/\d|[._@#=-]/.test(token)) continue; // ids, versions, user names, hashes
    for (const w of token.match(/[A-Za-z]+/g) ?? []) if (!ALLOWED.has(w) && w.length > 1) found.add(w);
  }
  return [...found].sort();
}


/** The screen `name` holds no untranslated English word; photographed (test-results/e2e) when it does. */
export async function expectNoEnglish(p: Page, name: string): Promise<void> {
  const english = await englishOn(p);
  if (english.length > 0) await photograph(p, name);
  expect(english, `${name}: untranslated English`).toEqual([]);
}
