/**
 * Which screen shows: login; the forced password change; the lock screen; otherwise the top
 * bar, the menu for the user's roles and the chosen screen. Session problems reported by any
 * call (locked, ended, password change due) switch the screen here, in one place.
 */
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavBar, TopBar } from './components/top-bar.tsx';
import { useIdleLock } from './hooks/use-idle-lock.ts';
import { client, screensFor, useApp, type ScreenName } from './state/app-store.ts';
import { useLive } from './state/live-store.ts';
import { LoginScreen } from './screens/login-screen.tsx';
import { LockScreen } from './screens/lock-screen.tsx';
import { ChangePasswordScreen } from './screens/change-password-screen.tsx';
import { AuditScreen } from './screens/audit-screen.tsx';
import { DevicesScreen } from './screens/devices-screen.tsx';
import { UsersScreen } from './screens/users-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { AccountScreen } from './screens/account-screen.tsx';
import { EsigAckScreen } from './screens/esig-ack-screen.tsx';
import { QueueScreen } from './dispensing/queue-screen.tsx';
import { RecordScreen } from './dispensing/record-screen.tsx';
import { useWedgeScanner } from './scanner/use-wedge-scanner.ts';
import { useScans } from './scanner/scan-store.ts';
import { ScanIgnoredNotice } from './components/scan-notice.tsx';
import { AlarmBar } from './components/alarm-bar.tsx';

/** Every screen by name; the menu shows those the user's roles allow. */
const SCREENS: Partial<Record<ScreenName, () => ReactNode>> = {
  queue: () => <QueueScreen />,
  record: () => <RecordScreen />,
  audit: () => <AuditScreen />,
  devices: () => <DevicesScreen />,
  users: () => <UsersScreen />,
  settings: () => <SettingsScreen />,
  account: () => <AccountScreen />,
};

export function App() {
  const { t } = useTranslation();
  const { session, locked, screen, setLocked, loggedOut, setScreen, unreachable, esigAcknowledged } = useApp();
  useIdleLock();
  const wedge = useApp((st) => st.wedgeMaxInterKeyMs);
  useWedgeScanner(!!session && !locked, wedge ? { maxInterKeyMs: wedge } : {});
  useEffect(() => {
    if (!session) return;
    // The wedge timing is a station setting (scanner model and PC speed differ).
    void client()
      .call('settings.get', {})
      .then((r) => {
        const w = r.ok ? r.value.scanners.find((x) => x.kind === 'keyboard-wedge') : undefined;
        useApp.setState({ wedgeMaxInterKeyMs: w?.maxInterKeyMs ?? null, signingMfa: r.ok && r.value.signing.mfa === 'totp' });
      });
    // P11-13: a user who has not signed the e-signature acknowledgement signs it first.
    void client()
      .call('auth.session', {})
      .then((r) => r.ok && useApp.setState({ esigAcknowledged: r.value.esigAcknowledged ?? true }));
  }, [session]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  // Re-opened for each session, and after each unlock: the live feed belongs to an unlocked
  // session, and the station stops it at a lock (the Electron binding is named again here).
  const liveSession = session && !locked ? session.sessionId : null;
  useEffect(() => {
    if (!liveSession) return undefined;
    return client().live((e) => {
      if (e.type === 'scanner.scan') useScans.getState().emit(e.data);
      else useLive.getState().apply(e);
    });
  }, [liveSession]);
  useEffect(() => {
    const c = client();
    const offErr = c.onOutcome((method, code) => {
      if (useApp.getState().unreachable !== (code === 'API_UNREACHABLE')) useApp.setState({ unreachable: code === 'API_UNREACHABLE' });
      if (method === 'auth.login') return;
      if (code === 'AUTH_SESSION_LOCKED') setLocked(true);
      if (code === 'AUTH_SESSION_INVALID') loggedOut();
      if (code === 'AUTH_PASSWORD_CHANGE_REQUIRED') {
        const s = useApp.getState().session;
        if (s) useApp.setState({ session: { ...s, passwordChangeRequired: true } });
      }
    });
    return () => {
      offErr();
    };
  }, [setLocked, loggedOut]);

  const available = session ? screensFor(session.user.roles).filter((s) => SCREENS[s]) : [];
  const current = available.includes(screen) ? screen : available[0];
  useEffect(() => {
    if (current && current !== screen) setScreen(current);
  }, [current, screen, setScreen]);

  let body: ReactNode;
  if (!session) body = <LoginScreen />;
  else if (locked) body = <LockScreen />;
  else if (session.passwordChangeRequired) body = <ChangePasswordScreen />;
  else if (esigAcknowledged === false) body = <EsigAckScreen />;
  else
    body = (
      <>
        {/* The open alarms as one line beside the menu: they never push the screen down. */}
        <div className="menu-row">
          <NavBar screens={available} />
          <AlarmBar />
        </div>
        {current ? SCREENS[current]?.() : null}
      </>
    );
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <TopBar />
      {unreachable ? (
        <div className="notice notice-bad" role="alert" data-testid="unreachable">
          {t('app.unreachable')}
        </div>
      ) : null}
      {body}
      <ScanIgnoredNotice />
    </>
  );
}
