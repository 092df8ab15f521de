/** Saves a file the hub sent (a PDF, a CSV) under the name the hub gave it. */
import type { BatchlineError } from '../../src-shared/result.ts';
import type { ConsoleApi } from '../api/console-client.ts';

export async function saveDownload(api: ConsoleApi, path: string, body?: unknown): Promise<BatchlineError | null> {
  const r = await api.download(path, body);
  if (!r.ok) return r.error;
  const url = URL.createObjectURL(r.value.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = r.value.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
