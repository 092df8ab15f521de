/**
 * Start-up: pick the transport (Electron bridge or HTTP), load who this station is, restore a
 * session after a reload (web mode), set the language, then render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createStationClient } from './api/client.ts';
import { pickTransport } from './api/transport.ts';
import { initI18n, storedLocale } from './i18n/i18n.ts';
import { storedSessionId, useApp } from './state/app-store.ts';
import { App } from './app.tsx';
import './styles.css';

async function start(): Promise<void> {
  const client = createStationClient(pickTransport(), storedSessionId());
  useApp.setState({ client });
  const info = await client.call('station.info', {});
  if (info.ok) useApp.setState({ info: info.value });
  else useApp.setState({ unreachable: true });
  await initI18n(storedLocale() ?? (info.ok ? info.value.defaultLocale : 'en'));
  if (client.sessionId) {
    const s = await client.call('auth.session', {});
    if (s.ok) {
      useApp.getState().loggedIn({ sessionId: client.sessionId, user: s.value.user, passwordChangeRequired: s.value.passwordChangeRequired });
      useApp.setState({ locked: s.value.locked });
    } else useApp.getState().loggedOut();
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
