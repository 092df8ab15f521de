/**
 * DI-14 at the settings screen: an admin proposes a serial scanner with its USB identity, in
 * Debian's Chromium against `batchline station --web`; a malformed vendor id is refused with
 * the field named and nothing is proposed; once QA approves the proposal with a signature
 * (A11-17 change control), the identity is what the station then holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '@playwright/test';
import { checkScreen } from './harness/browser.ts';
import { startDemoStationE2e, type DemoStationE2e } from './harness/demo-station.ts';
import { api, login } from './harness/station-page.ts';
import type { StationSettings } from '../../src-shared/settings/station-settings.ts';

let e2e: DemoStationE2e;
let page: Page;

describe('scanner enrolment in the settings screen', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    e2e = await startDemoStationE2e({ name: 'scanner' });
    page = e2e.page;
  }, 180_000);

  afterAll(() => e2e?.close());

  it('DI-14 A11-17 an admin proposes a serial scanner by USB vendor, product and serial number (a malformed id is refused), QA approves it with a signature', async () => {
    await login(page, 'admin');
    await page.getByTestId('nav-settings').click();
    const form = page.getByTestId('settings-scanners');
    await form.waitFor();
    await form.getByRole('button', { name: 'Add scanner' }).click();
    await form.getByLabel('Kind').last().selectOption('serial');
    await form.getByLabel('Port').last().fill('/dev/ttyACM0');
    await form.getByTestId('scanner-usb-vendor').fill('XYZ');
    await form.getByTestId('scanner-usb-product').fill('1200');
    await form.getByTestId('scanner-usb-serial').fill('S123');
    await form.getByLabel('Reason for the change').fill('line 1 serial scanner enrolled, CR-2026-114');
    const propose = form.getByRole('button', { name: 'Propose change of Scanners' });
    await propose.click();
    await expect.poll(() => form.getByTestId('error').textContent()).toContain('scanners.1.usb.vendorId');
    // refused: nothing proposed, nothing in force
    expect((await api<{ pending: unknown[] }>(page, 'settings.status', {})).value.pending).toEqual([]);
    let held = await api<StationSettings>(page, 'settings.get', {});
    expect(held.value.scanners.some((s) => s.usb)).toBe(false);

    await form.getByTestId('scanner-usb-vendor').fill('05E0');
    await propose.click();
    await form.getByText(/^Proposed as entry \d+: waits for a second person to approve it\.$/).waitFor();
    await page.getByTestId('settings-pending').getByText('CR-2026-114', { exact: false }).waitFor();
    // A11-17: proposed is not in force
    held = await api<StationSettings>(page, 'settings.get', {});
    expect(held.value.scanners.some((s) => s.usb)).toBe(false);
    await page.getByTestId('logout').click();

    await login(page, 'qa.chen');
    await page.getByTestId('nav-settings').click();
    const pending = page.getByTestId('settings-pending');
    await pending.getByText('CR-2026-114', { exact: false }).waitFor();
    await pending.getByText('usb › vendorId: 05e0').waitFor();
    const approve = pending.locator('form[data-testid^="approve-"]');
    await approve.getByLabel('Password of the signer').fill('Batchline-demo-1');
    await approve.getByRole('button', { name: 'Approve with my signature' }).click();
    await page.getByText('No change waits for approval.').waitFor();
    const { axe } = await checkScreen(page, 'settings-scanner-enrolled');
    expect(axe).toEqual([]);
    held = await api<StationSettings>(page, 'settings.get', {});
    expect(held.value.scanners.find((s) => s.kind === 'serial')).toEqual({ id: 'SCAN-02', kind: 'serial', port: '/dev/ttyACM0', usb: { vendorId: '05e0', productId: '1200', serialNumber: 'S123' } });
  });
});
