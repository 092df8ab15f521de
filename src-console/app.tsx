/**
 * The console shell: top bar (who, language, sign out), navigation by role, and the screen of
 * the current route (#/batches, #/batches/<batch>, #/deviations, #/deviations/<id>, #/changes,
 * #/changes/<id>, #/recipes, #/recipes/<code>/<version> (the designer), #/rooms, #/equipment, #/balances, #/spc, #/dashboard (#/dashboard/wall for the wall display), #/trace, #/archive, #/stations, #/users, #/notify, #/audit, #/audit/<batch> for every
 * change to one batch). An inspector (read-only) sees batches, traces, the archive search,
 * stations and the audit trail.
 * Roles decide what is offered (an operator reads batches and traces; QA and QPs also see
 * stations and the audit trail; IT sees stations, accounts and the audit trail, no batches);
 * the hub enforces the same on every call.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../src-renderer/components/controls.tsx';
import { consoleApi } from './api/console-client.ts';
import { ConsoleContext } from './console-context.ts';
import { hasRole, useSession } from './state/session-store.ts';
import { setConsoleLocale } from './i18n/console-i18n.ts';
import { LoginScreen } from './screens/login-screen.tsx';
import { BatchesScreen } from './screens/batches-screen.tsx';
import { BatchScreen } from './screens/batch-screen.tsx';
import { TraceScreen } from './screens/trace-screen.tsx';
import { StationsScreen } from './screens/stations-screen.tsx';
import { UsersScreen } from './screens/users-screen.tsx';
import { AuditScreen } from './screens/audit-screen.tsx';
import { ArchiveScreen } from './screens/archive-screen.tsx';
import { DeviationsScreen } from './screens/deviations-screen.tsx';
import { DeviationScreen } from './screens/deviation-screen.tsx';
import { ChangeScreen, ChangesScreen } from './screens/changes-screen.tsx';
import { SpcScreen } from './screens/spc-screen.tsx';
import { DashboardScreen } from './screens/dashboard-screen.tsx';
import { IqcScreen } from './screens/iqc-screen.tsx';
import { IpqcAlertsScreen } from './screens/ipqc-panel.tsx';
import { NotifyScreen } from './screens/notify-screen.tsx';
import { AlarmsScreen } from './screens/alarms-screen.tsx';
import { RoomsScreen } from './screens/rooms-screen.tsx';
import { EquipmentScreen } from './screens/equipment-screen.tsx';
import { BalancesScreen } from './screens/balances-screen.tsx';
import { AccountScreen } from './screens/account-screen.tsx';
import { HubRole } from '../src-shared/sync/sync-protocol.ts';
import { RecipesScreen } from './screens/recipes-screen.tsx';
import { ReportTemplatesScreen } from './screens/report-templates-screen.tsx';

type Area = 'recipes' | 'account' | 'batches' | 'deviations' | 'ipqc' | 'alarms' | 'rooms' | 'equipment' | 'balances' | 'changes' | 'iqc' | 'trace' | 'archive' | 'stations' | 'users' | 'audit' | 'spc' | 'dashboard' | 'notify' | 'templates';
const AREAS: { area: Area; roles: string[] }[] = [
  { area: 'batches', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'deviations', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'ipqc', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'alarms', roles: ['qa', 'qp', 'operator', 'inspector'] },
  // The hub's environment API serves QA, QPs and operators (environment-routes.ts).
  { area: 'rooms', roles: ['qa', 'qp', 'operator'] },
  { area: 'changes', roles: ['qa', 'qp', 'operator', 'master-data', 'inspector'] },
  { area: 'recipes', roles: ['qa', 'qp', 'master-data', 'operator', 'inspector'] },
  { area: 'iqc', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'trace', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'archive', roles: ['qa', 'qp', 'inspector'] },
  { area: 'stations', roles: ['admin', 'qa', 'qp', 'inspector'] },
  { area: 'users', roles: ['admin'] },
  { area: 'audit', roles: ['admin', 'qa', 'qp', 'inspector'] },
  { area: 'spc', roles: ['qa', 'qp', 'operator', 'inspector'] },
  { area: 'dashboard', roles: ['qa', 'qp', 'operator', 'inspector', 'admin'] },
  { area: 'notify', roles: ['admin'] },
  // Everyone: their own second factor at signing (FR-101).
  { area: 'account', roles: [...HubRole.options] },
  { area: 'templates', roles: ['qa', 'qp', 'master-data', 'inspector'] },
  // Equipment plans (FR-121): QA and stewards change them signed, QPs read them. Last, so no one's landing screen moves.
  { area: 'equipment', roles: ['qa', 'qp', 'master-data'] },
  // Balance check plans (FR-123): the same people, the same way.
  { area: 'balances', roles: ['qa', 'qp', 'master-data'] },
];

function useHashRoute(): [string, (r: string) => void, () => void] {
  const read = () => decodeURI(window.location.hash.replace(/^#\/?/, ''));
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const forget = () => {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setRoute('');
  };
  return [route, (r) => (window.location.hash = `#/${r}`), forget];
}

export function App() {
  const { t, i18n } = useTranslation();
  const { token, me, signOut, generation } = useSession();
  const [route, navigate, forgetRoute] = useHashRoute();
  // Signed out (by hand or because the session ended): the next person starts at their own
  // landing screen, never on the page the previous one had open.
  useEffect(() => {
    if (!token) forgetRoute();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  const api = useMemo(() => consoleApi(token, () => signOut(true)), [token, signOut]);
  const toggleLocale = () => void setConsoleLocale(i18n.language === 'zh-CN' ? 'en' : 'zh-CN');
  const allowed = AREAS.filter((a) => hasRole(me, ...a.roles));
  const [area, ...rest] = route.split('/');
  const current = allowed.find((a) => a.area === area)?.area ?? allowed[0]?.area;
  let screen: ReactNode = null;
  if (current === 'batches') screen = rest.length > 0 ? <BatchScreen batch={decodeURIComponent(rest.join('/'))} /> : <BatchesScreen />;
  if (current === 'deviations') screen = rest.length > 0 ? <DeviationScreen id={decodeURIComponent(rest.join('/'))} /> : <DeviationsScreen />;
  if (current === 'changes') screen = rest.length > 0 ? <ChangeScreen id={decodeURIComponent(rest.join('/'))} /> : <ChangesScreen />;
  if (current === 'recipes') screen = <RecipesScreen route={rest} />;
  if (current === 'iqc') screen = <IqcScreen />;
  if (current === 'ipqc') screen = <IpqcAlertsScreen />;
  if (current === 'alarms') screen = <AlarmsScreen />;
  if (current === 'rooms') screen = <RoomsScreen />;
  if (current === 'equipment') screen = <EquipmentScreen />;
  if (current === 'balances') screen = <BalancesScreen />;
  if (current === 'trace') screen = <TraceScreen />;
  if (current === 'archive') screen = <ArchiveScreen />;
  if (current === 'stations') screen = <StationsScreen />;
  if (current === 'users') screen = <UsersScreen />;
  if (current === 'spc') screen = <SpcScreen />;
  if (current === 'dashboard') screen = <DashboardScreen route={rest} />;
  if (current === 'notify') screen = <NotifyScreen />;
  if (current === 'account') screen = <AccountScreen />;
  if (current === 'templates') screen = <ReportTemplatesScreen route={rest} />;
  if (current === 'audit') screen = <AuditScreen key={rest.join('/')} batch={rest.length > 0 ? decodeURIComponent(rest.join('/')) : ''} />;
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="station">{t('app.title')}</span>
        {me ? (
          <span className="who" data-testid="who">
            {t('app.signedInAs', { name: '' })}
            <span translate="no">{me.printedName}</span> ({me.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ')})
          </span>
        ) : null}
        <Button onClick={toggleLocale} lang={i18n.language === 'zh-CN' ? 'en' : 'zh-CN'} data-testid="locale-toggle">
          {t('app.language')}
        </Button>
        {me ? <Button onClick={() => signOut()}>{t('app.signOut')}</Button> : null}
      </header>
      {me && token ? (
        <ConsoleContext.Provider key={generation} value={{ api, me, navigate }}>
          <nav className="nav" aria-label={t('nav.label')}>
            {allowed.map((a) => (
              <Button key={a.area} onClick={() => navigate(a.area)} aria-current={a.area === current ? 'page' : undefined} data-testid={`nav-${a.area}`}>
                {t(`nav.${a.area}`)}
              </Button>
            ))}
          </nav>
          <main id="main">{screen}</main>
        </ConsoleContext.Provider>
      ) : (
        <main id="main">
          <LoginScreen key={generation} />
        </main>
      )}
    </>
  );
}
