/** Station settings: any session reads them; an admin changes one key at a time, with a reason. */
import type { settingsContract } from '../../src-shared/api/settings.contract.ts';
import { ok } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, type Handlers } from './handler-map.ts';

export function settingsApi({ settings }: ApiDeps): Handlers<typeof settingsContract> {
  return {
    'settings.get': () => ok(settings.current()),
    'settings.set': ({ key, value, reason }, ctx) => settings.change(caller(ctx).userId, key, value, reason),
  };
}
