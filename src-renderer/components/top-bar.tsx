/** Station, user, sync state, language switch, lock and log out: always visible, never hover-only. */
import { useTranslation } from 'react-i18next';
import { Button } from './controls.tsx';
import { SyncBadge } from './sync-badge.tsx';
import { client, useApp, type ScreenName } from '../state/app-store.ts';
import { switchLocale } from '../i18n/i18n.ts';
import { Data } from './plant-data.tsx';

export function LanguageButton() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button onClick={() => void switchLocale(next)} lang={next === 'en' ? 'en' : 'zh-CN'} aria-label={`${t('app.language')}: ${t('app.switchTo')}`} data-testid="language">
      {t('app.switchTo')}
    </Button>
  );
}

export function TopBar() {
  const { t } = useTranslation();
  const { info, session, setLocked, loggedOut } = useApp();
  const lock = async () => {
    const r = await client().call('auth.lock', {});
    if (r.ok) setLocked(true);
  };
  const logout = async () => {
    await client().call('auth.logout', {});
    loggedOut();
  };
  return (
    <header className="topbar">
      <span className="station">{info ? <Data>{`${info.stationId} · ${info.name}`}</Data> : t('app.title')}</span>
      {session ? (
        <span className="who" data-testid="current-user">
          <Data>{session.user.printedName}</Data> ({session.user.roles.map((r) => t(`roles.${r}`)).join(', ')})
        </span>
      ) : null}
      {session ? <SyncBadge /> : null}
      <LanguageButton />
      {session ? (
        <>
          <Button onClick={() => void lock()} data-testid="lock">
            {t('app.lock')}
          </Button>
          <Button onClick={() => void logout()} data-testid="logout">
            {t('app.logout')}
          </Button>
        </>
      ) : null}
    </header>
  );
}

export function NavBar({ screens }: { screens: ScreenName[] }) {
  const { t } = useTranslation();
  const { screen, setScreen } = useApp();
  return (
    <nav className="nav" aria-label={t('app.mainMenu')}>
      {screens.map((s) => (
        <Button key={s} aria-current={screen === s ? 'page' : undefined} onClick={() => setScreen(s)} data-testid={`nav-${s}`}>
          {t(`nav.${s}`)}
        </Button>
      ))}
    </nav>
  );
}
