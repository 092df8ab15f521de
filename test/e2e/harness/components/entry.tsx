/**
 * Station components alone in a browser page (component-page.ts bundles this file with esbuild):
 * the Dialog, the AlarmBar and the form correction dialog rendered by React into an empty page, driven through `window.harness`.
 * The alarm bar's client is a fake answering `alarms.list` with what the test set, and its 15 s
 * refresh is run on demand (`tick`): the page's setInterval keeps the callbacks instead of timing them.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { StationAlarmView } from '../../../../src-shared/alarm/alarm-contract.ts';
import { resources } from '../../../../src-renderer/i18n/i18n.ts';
import { Dialog } from '../../../../src-renderer/components/dialog.tsx';
import { AlarmBar } from '../../../../src-renderer/components/alarm-bar.tsx';
import { useApp } from '../../../../src-renderer/state/app-store.ts';
import { FormCorrectionDialog, type CorrectableForm } from '../../../../src-renderer/dispensing/form-correction.tsx';

const intervals = new Map<number, () => void>();
let nextInterval = 1;
window.setInterval = ((fn: () => void) => {
  intervals.set(nextInterval, fn);
  return nextInterval++;
}) as typeof window.setInterval;
window.clearInterval = ((id: number) => void intervals.delete(id)) as typeof window.clearInterval;

let alarms: StationAlarmView[] = [];
const fakeClient = { call: (method: string) => Promise.resolve(method === 'alarms.list' ? { ok: true, value: structuredClone(alarms) } : { ok: true, value: null }) };
useApp.setState({ client: fakeClient, session: { user: { roles: ['supervisor'] } } } as never);

const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });

/** Two dialogs (the second over the first when `nested`), each closing by the `onClose` of its latest render. */
function Dialogs({ render, nested, closed }: { render: number; nested: boolean; closed: (which: string) => void }) {
  const [first, setFirst] = useState(true);
  const [second, setSecond] = useState(true);
  return (
    <>
      {first ? (
        <Dialog title={`first ${render}`} onClose={() => (setFirst(false), closed(`first@${render}`))} testId="first">
          <input data-testid="first-a" />
          <input data-testid="first-b" />
        </Dialog>
      ) : null}
      {nested && second ? (
        <Dialog title={`second ${render}`} onClose={() => (setSecond(false), closed(`second@${render}`))} testId="second">
          <input data-testid="second-a" />
        </Dialog>
      ) : null}
    </>
  );
}

const root = createRoot(document.getElementById('root')!);
const closes: string[] = [];
const settle = () => new Promise((r) => setTimeout(r, 50));

const harness = {
  /** Renders the dialogs of `session` (again: a new onClose each time, as a parent's arrow function gives). */
  async dialogs(render: number, nested = false, session = 'one') {
    root.render(
      <I18nextProvider i18n={i18n}>
        <Dialogs key={session} render={render} nested={nested} closed={(w) => closes.push(w)} />
      </I18nextProvider>,
    );
    await settle();
  },
  closes: () => [...closes],
  async alarmBar() {
    root.render(
      <I18nextProvider i18n={i18n}>
        <AlarmBar />
      </I18nextProvider>,
    );
    await settle();
  },
  /** The alarm bar in its menu row with a dialog open over the screen (as the dispense screen's signature dialog). */
  async alarmBarUnderDialog() {
    root.render(
      <I18nextProvider i18n={i18n}>
        <div className="menu-row">
          <AlarmBar />
        </div>
        <Dialog title="Sign" onClose={() => {}} testId="work">
          <input data-testid="work-a" />
        </Dialog>
      </I18nextProvider>,
    );
    await settle();
  },
  setAlarms(list: StationAlarmView[]) {
    alarms = list;
  },
  /** The alarm bar's 15 s refresh, now. */
  async tick() {
    for (const fn of intervals.values()) fn();
    await settle();
  },
  async correction(form: CorrectableForm) {
    root.render(
      <I18nextProvider i18n={i18n}>
        <FormCorrectionDialog key={JSON.stringify(form)} form={form} busy={false} onSubmit={() => {}} onCancel={() => {}} />
      </I18nextProvider>,
    );
    await settle();
  },
  async language(lng: 'en' | 'zh-CN') {
    await i18n.changeLanguage(lng);
    await settle();
  },
};
(window as unknown as { harness: typeof harness }).harness = harness;
