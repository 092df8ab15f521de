/**
 * The console's only way to the hub: JSON over fetch with the session's bearer token, every
 * answer parsed with the same zod contracts the hub validates with (src-shared), every refusal
 * returned as `{ code, message, details }` for the screens to translate.
 */
import type { z } from 'zod';
import { ErrorCode } from '../../src-shared/errors.ts';
import type { BatchlineError, Result } from '../../src-shared/result.ts';
import { HUB_OTP_HEADER } from '../../src-shared/quality/hub-admin-contract.ts';
import { takeSigningCode } from './signing-code.ts';

export type ApiResult<T> = Result<T, BatchlineError>;

export interface ConsoleApi {
  get<T>(path: string, schema: z.ZodType<T>): Promise<ApiResult<T>>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>>;
  /** A new version of something the hub keeps versioned (the approval flow), usually signed. */
  put<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>>;
  /** A file from the hub (audit export), saved by the browser; with a body, POSTed (a template preview). */
  download(path: string, body?: unknown): Promise<ApiResult<{ blob: Blob; fileName: string }>>;
}

export function consoleApi(token: string | null, onExpired: () => void): ConsoleApi {
  const headers = (json: boolean): Record<string, string> => ({ ...(json ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) });
  async function send<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<ApiResult<T>> {
    let res: Response;
    // The open signing form's one-time code goes with its request (FR-101).
    const code = method === 'POST' || method === 'PUT' ? takeSigningCode() : null;
    try {
      res = await fetch(path, { method, headers: { ...headers(body !== undefined), ...(code ? { [HUB_OTP_HEADER]: code } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      return { ok: false, error: { code: 'HUB_UNREACHABLE', message: 'the hub cannot be reached' } };
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) return { ok: false, error: refusal(json, res.status, onExpired) };
    const parsed = schema.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: { code: 'HUB_RESPONSE_INVALID', message: parsed.error.message } };
  }
  return {
    get: (path, schema) => send('GET', path, undefined, schema),
    post: (path, body, schema) => send('POST', path, body, schema),
    put: (path, body, schema) => send('PUT', path, body, schema),
    async download(path, body) {
      const res = await fetch(path, body === undefined ? { headers: headers(false) } : { method: 'POST', headers: headers(true), body: JSON.stringify(body) }).catch(() => null);
      if (!res) return { ok: false, error: { code: 'HUB_UNREACHABLE', message: 'the hub cannot be reached' } };
      if (!res.ok) return { ok: false, error: refusal(await res.json().catch(() => null), res.status, onExpired) };
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
      return { ok: true, value: { blob: await res.blob(), fileName: name } };
    },
  };
}

function refusal(json: unknown, status: number, onExpired: () => void): BatchlineError {
  const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  const code = ErrorCode.safeParse(e?.code);
  if (code.success && code.data === 'AUTH_SESSION_INVALID') onExpired();
  return { code: code.success ? code.data : 'HUB_ERROR', message: e?.message ?? `HTTP ${status}`, ...(e?.details ? { details: e.details } : {}) };
}
