/** The hub's web console for QA, QPs and IT (issue 7): served by the hub under /console/. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../src-renderer/styles.css';
import './console.css';
import { App } from './app.tsx';
import { initConsoleI18n, initialLocale } from './i18n/console-i18n.ts';

await initConsoleI18n(initialLocale());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
