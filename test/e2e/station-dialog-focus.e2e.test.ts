/**
 * The station's dialogs and its alarm bar in a browser, alone (harness/component-page.ts): what
 * only a browser shows — where the focus is, what Escape closes, what opens by itself.
 *
 * - A dialog moves the focus into itself once, as it opens. The alarm list is re-rendered by its
 *   15 s refresh with a new `onClose` each time; the focus used to follow (an effect keyed on
 *   `onClose`) back to the first alarm's comment field, so a supervisor's comment could land on
 *   the wrong alarm.
 * - Escape closes the topmost dialog only (the alarm list's window-wide handler closed the one beneath too).
 * - The alarm list closes when it empties: the next alarm shows in the bar and does not open the
 *   list over the screen by itself.
 * - The bar names an alarm still active before one already cleared, and marks a cleared one.
 */
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationAlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import type { CorrectableForm } from '../../src-renderer/dispensing/form-correction.tsx';
import type { Browser } from './harness/browser.ts';
import { openComponentPage } from './harness/component-page.ts';

type Harness = { correction(form: CorrectableForm): Promise<void>; dialogs(render: number, nested?: boolean, session?: string): Promise<void>; closes(): string[]; alarmBar(): Promise<void>; alarmBarUnderDialog(): Promise<void>; setAlarms(a: StationAlarmView[]): void; tick(): Promise<void>; language(l: string): Promise<void> };
declare const harness: Harness;

let browser: Browser;
let page: Page;

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

function alarm(id: string, severity: 'warning' | 'critical', state: StationAlarmView['state'], minute: number): StationAlarmView {
  const at = `2026-12-06T07:${String(minute).padStart(2, '0')}:00.000Z`;
  return { alarmId: id, source: 'environment', kind: 'action-excursion', severity, subject: `room ${id}`, messageKey: 'environment-action', params: { room: id, quantity: 'temperature', value: '26.5', unit: '°C', limit: '25.0' }, condition: 'state', raisedAt: at, batchNumber: null, clearedAt: state === 'cleared-unacknowledged' ? at : null, acknowledgement: null, state, seq: minute, atHub: false };
}

describe('station dialogs and the alarm bar in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    browser = await openComponentPage();
    page = browser.page;
  }, 120_000);

  afterAll(() => browser?.close());

  it('a dialog takes the focus once, as it opens: re-rendered with a new onClose, the field the person is in keeps it; Escape calls the latest onClose', async () => {
    await page.evaluate(() => harness.dialogs(1));
    expect(await focused()).toBe('first-a');
    await page.getByTestId('first-b').focus();
    await page.keyboard.type('typing');
    for (const render of [2, 3, 4]) await page.evaluate((r) => harness.dialogs(r), render);
    expect(await focused()).toBe('first-b');
    await page.keyboard.type(' on');
    expect(await page.getByTestId('first-b').inputValue()).toBe('typing on');
    expect(await page.getByTestId('first-a').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('first').count()).toBe(0);
    expect(await page.evaluate(() => harness.closes())).toEqual(['first@4']);
  });

  it('Escape closes the topmost dialog only, not the one beneath', async () => {
    await page.evaluate(() => harness.dialogs(10, true, 'two'));
    expect(await page.getByTestId('first').count()).toBe(1);
    expect(await focused()).toBe('second-a');
    const before = (await page.evaluate(() => harness.closes())).length;
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('second').count()).toBe(0);
    expect(await page.getByTestId('first').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('first').count()).toBe(0);
    expect((await page.evaluate(() => harness.closes())).slice(before)).toEqual(['second@10', 'first@10']);
  });

  it('the alarm list\'s 15 s refresh leaves the focus in the comment field of the alarm the supervisor is writing on', async () => {
    await page.evaluate((list) => harness.setAlarms(list), [alarm('A1', 'critical', 'active', 10), alarm('A2', 'warning', 'active', 5)]);
    await page.evaluate(() => harness.alarmBar());
    await page.getByTestId('alarm-bar-open').click();
    await page.getByTestId('alarm-list').waitFor();
    expect(await focused()).toBe('alarm-comment-A1');
    await page.getByTestId('alarm-comment-A2').focus();
    await page.keyboard.type('fan restarted');
    for (let i = 0; i < 3; i++) await page.evaluate(() => harness.tick());
    expect(await focused()).toBe('alarm-comment-A2');
    await page.keyboard.type(', room back in limits');
    expect(await page.getByTestId('alarm-comment-A2').inputValue()).toBe('fan restarted, room back in limits');
    expect(await page.getByTestId('alarm-comment-A1').inputValue()).toBe('');
    await page.getByTestId('alarm-list-close').click();
    await expect.poll(() => page.getByTestId('alarm-list').count()).toBe(0);
  });

  it('the alarm list closes when its last alarm is acknowledged elsewhere: the next alarm shows in the bar, the list stays shut', async () => {
    await page.evaluate((list) => harness.setAlarms(list), [alarm('B1', 'warning', 'active', 20)]);
    await page.evaluate(() => harness.tick());
    await page.getByTestId('alarm-bar-open').click();
    await page.getByTestId('alarm-list').waitFor();
    // Acknowledged at another client: the next refresh finds none open.
    await page.evaluate(() => harness.setAlarms([]));
    await page.evaluate(() => harness.tick());
    expect(await page.getByTestId('alarm-bar').count()).toBe(0);
    await page.evaluate((list) => harness.setAlarms(list), [alarm('B2', 'critical', 'active', 25)]);
    await page.evaluate(() => harness.tick());
    expect(await page.getByTestId('alarm-bar').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('alarm-list').count()).toBe(0);
    expect(await page.getByTestId('alarm-bar-open').getAttribute('aria-expanded')).toBe('false');
  });

  it('the bar names an active alarm before a cleared one of the same severity, and marks a cleared one in en and zh-CN', async () => {
    // The newest warning is already cleared: the older, still active warning is named.
    await page.evaluate((list) => harness.setAlarms(list), [alarm('C2', 'warning', 'cleared-unacknowledged', 40), alarm('C1', 'warning', 'active', 30)]);
    await page.evaluate(() => harness.tick());
    const bar = page.getByTestId('alarm-bar');
    expect(await bar.textContent()).toContain('Room C1');
    expect(await bar.getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('alarm-bar-cleared').count()).toBe(0);
    // Only cleared ones: the bar says so.
    await page.evaluate((list) => harness.setAlarms(list), [alarm('C2', 'warning', 'cleared-unacknowledged', 40)]);
    await page.evaluate(() => harness.tick());
    expect(await page.getByTestId('alarm-bar-cleared').textContent()).toBe('(cleared, not acknowledged)');
    await page.evaluate(() => harness.language('zh-CN'));
    expect(await page.getByTestId('alarm-bar-cleared').textContent()).toBe('（已解除，未确认）');
    await page.evaluate(() => harness.language('en'));
  });

  it('FR-122 a correction to the value already recorded is said beside the field and does not go on to the signature (en, zh-CN)', async () => {
    const form: CorrectableForm = { stepId: 'F40', recordSeq: 40, values: [{ field: 'waterL', title: 'Water used', titleZh: '用水量', unit: 'L', type: 'number', choices: null, choiceNames: null, choiceNamesZh: null, value: 125, inForceSeq: 40 }] };
    await page.evaluate((f) => harness.correction(f), form);
    await page.getByTestId('correction-reason').fill('misread the meter');
    await page.getByTestId('correction-value').fill('125,0');
    expect(await page.getByTestId('correction-same').textContent()).toBe('This is the value already recorded: there is nothing to correct.');
    expect(await page.getByTestId('correction-submit').isDisabled()).toBe(true);
    await page.evaluate(() => harness.language('zh-CN'));
    expect(await page.getByTestId('correction-same').textContent()).toBe('这就是已记录的数值：无需更正。');
    await page.evaluate(() => harness.language('en'));
    await page.getByTestId('correction-value').fill('120');
    expect(await page.getByTestId('correction-same').count()).toBe(0);
    expect(await page.getByTestId('correction-submit').isDisabled()).toBe(false);
  });
});

describe('a critical alarm over an open dialog (B3)', { timeout: 120_000 }, () => {
  let styled: Browser;
  beforeAll(async () => {
    styled = await openComponentPage({ styles: true });
  }, 120_000);
  afterAll(() => styled?.close());

  /** What the person sees at the middle of the alarm bar: the bar itself, or what lies over it. */
  const onTop = (p: Page) =>
    p.evaluate(() => {
      const bar = document.querySelector('[data-testid="alarm-bar"]')!;
      const r = bar.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && bar.contains(hit);
    });

  it('FR-76 a critical alarm arriving while a dialog is open stays readable above the dialog\'s overlay (en, zh-CN), and the dialog keeps the focus and what is typed; a warning dims with the screen', async () => {
    const p = styled.page;
    await p.evaluate(() => harness.setAlarms([]));
    await p.evaluate(() => harness.alarmBarUnderDialog());
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('work-a');
    await p.keyboard.type('sup.w');

    // A warning arrives: it is under the overlay, as the rest of the screen.
    await p.evaluate((list) => harness.setAlarms(list), [alarm('W1', 'warning', 'active', 45)]);
    await p.evaluate(() => harness.tick());
    await p.getByTestId('alarm-bar').waitFor();
    expect(await onTop(p)).toBe(false);

    // A critical one arrives: above the overlay, in words, and the person types on in the dialog.
    await p.evaluate((list) => harness.setAlarms(list), [alarm('X1', 'critical', 'active', 50), alarm('W1', 'warning', 'active', 45)]);
    await p.evaluate(() => harness.tick());
    expect(await p.getByTestId('alarm-bar').getAttribute('data-severity')).toBe('critical');
    expect(await onTop(p)).toBe(true);
    expect(await p.getByTestId('alarm-bar').textContent()).toContain('CRITICAL');
    await p.keyboard.type('ang');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('work-a');
    expect(await p.getByTestId('work-a').inputValue()).toBe('sup.wang');

    await p.evaluate(() => harness.language('zh-CN'));
    expect(await onTop(p)).toBe(true);
    expect(await p.getByTestId('alarm-bar').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await p.getByTestId('alarm-bar').textContent()).not.toContain('CRITICAL');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('work-a');
    await p.evaluate(() => harness.language('en'));
  });
});
