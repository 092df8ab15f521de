/** What every screen gets from the shell: the hub client, the signed-in person, navigation. */
import { createContext, useContext } from 'react';
import type { HubUserView } from '../src-shared/quality/hub-admin-contract.ts';
import type { ConsoleApi } from './api/console-client.ts';

export interface ConsoleContextValue {
  api: ConsoleApi;
  me: HubUserView;
  navigate(route: string): void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the console shell');
  return c;
}
