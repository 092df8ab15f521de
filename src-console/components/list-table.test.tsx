import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { consoleEn } from '../i18n/en.ts';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { clickOpensRow, ListTable, type ListTableProps } from './list-table.tsx';

type Row = { id: string; site: string; count: number };
const ROWS: Row[] = [
  { id: 'DEV-1', site: 'Basel', count: 2 },
  { id: 'DEV-2', site: 'Suzhou', count: 0 },
];

async function render(locale: 'en' | 'zh-CN', props: Partial<ListTableProps<Row>>): Promise<string> {
  // Its own i18next instance: unit tests share modules (isolate: false), the global one is left alone.
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: consoleEn }, 'zh-CN': { translation: consoleZhCN } }, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  const table = createElement(ListTable<Row>, {
    list: { data: ROWS },
    rowKey: (r) => r.id,
    columns: [
      { header: 'Id', opens: true, cell: (r) => r.id },
      { header: 'Site', noTranslate: true, cell: (r) => r.site },
      { header: 'Count', className: 'mono', cell: (r) => r.count },
    ],
    ...props,
    empty: props.empty ?? 'No devices.',
  });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, table));
}

describe('ListTable (the console list screens)', () => {
  it('renders a header row and one row per record; with onOpen the opening column is a button with its test id, and the row opens on a click', async () => {
    const html = await render('en', { onOpen: () => undefined, openTestId: (r) => `open-${r.id}`, rowProps: (r) => ({ 'data-testid': `row-${r.id}` }), testId: 'list', className: 'table' });
    expect(html).toContain('<table class="table" data-testid="list">');
    expect(html.match(/<th scope="col">/g)).toHaveLength(3);
    expect(html).toContain('<tr data-testid="row-DEV-1" class="list-row-opens">');
    expect(html).toContain('<button type="button" class="btn" data-testid="open-DEV-2">DEV-2</button>');
    expect(html).toContain('<td translate="no">Suzhou</td>');
    expect(html).toContain('<td class="mono">0</td>');
    // Without onOpen nothing is a button and no row claims a click.
    const plain = await render('en', {});
    expect(plain).not.toContain('<button');
    expect(plain).not.toContain('list-row-opens');
    expect(plain).toContain('<td>DEV-1</td>');
    // A column may name its row and carry a test id; data-* attributes may carry numbers.
    const named = await render('en', { columns: [{ header: 'Id', rowHeader: true, noTranslate: true, cell: (r) => r.id }, { header: 'Count', testId: 'count', cell: (r) => r.count }], rowProps: (r) => ({ 'data-count': r.count }) });
    expect(named).toContain('<tr data-count="2"><th scope="row" translate="no">DEV-1</th><td data-testid="count">2</td></tr>');
  });

  it('says loading until the first answer, the empty words when there is nothing, and the refusal instead of the list; in en and zh-CN', async () => {
    expect(await render('en', { list: { data: null, loading: true } })).toBe('<p class="hint" role="status">Loading…</p>');
    expect(await render('zh-CN', { list: { data: null, loading: true } })).toBe('<p class="hint" role="status">正在加载…</p>');
    expect(await render('en', { list: { data: [] }, empty: 'No deviation records.', emptyTestId: 'none' })).toBe('<p data-testid="none">No deviation records.</p>');
    // A reload keeps the rows it has on screen (no loading words over a list).
    expect(await render('en', { list: { data: ROWS, loading: true } })).not.toContain('Loading');
    const refused = await render('zh-CN', { list: { data: null, loading: false, error: { code: 'AUTH_ROLE_REQUIRED', message: 'role required' } } });
    expect(refused).toContain('data-code="AUTH_ROLE_REQUIRED"');
    expect(refused).not.toContain('<table');
    expect(refused).not.toContain('正在加载');
  });

  it('a click on the row opens it, but not one on a control inside the row, nor one that ends a text selection', () => {
    const on = (control: boolean) => ({ closest: (selector: string) => (control && selector.includes('button') ? {} : null) });
    expect(clickOpensRow(on(false), '')).toBe(true);
    expect(clickOpensRow(on(true), '')).toBe(false);
    expect(clickOpensRow(on(false), 'DEV-1')).toBe(false);
    expect(clickOpensRow(null, '')).toBe(true);
  });
});
