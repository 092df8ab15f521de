/**
 * The hub's administration API as IT's command line uses it (log in, decide enrolments, list
 * stations). Answers are parsed with the shared schemas; refusals come back as typed codes.
 */
import { z } from 'zod';
import { ErrorCode } from '../../src-shared/errors.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { API_PREFIX, EnrolmentStatusSchema, ErrorBodySchema, LoginResultSchema, StationSummarySchema, type EnrolmentStatus, type StationSummary } from '../../src-shared/sync/sync-protocol.ts';

export class HubAdminClient {
  private token: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<Result<void>> {
    const r = await this.call('POST', '/auth/login', LoginResultSchema, { username, password });
    if (!r.ok) return r;
    this.token = r.value.token;
    return ok(undefined);
  }

  approve(requestId: string, reason?: string): Promise<Result<EnrolmentStatus>> {
    return this.call('POST', `/admin/enrolments/${encodeURIComponent(requestId)}/approve`, EnrolmentStatusSchema, reason ? { reason } : {});
  }

  reject(requestId: string, reason: string): Promise<Result<EnrolmentStatus>> {
    return this.call('POST', `/admin/enrolments/${encodeURIComponent(requestId)}/reject`, EnrolmentStatusSchema, { reason });
  }

  /** A one-time enrolment code for one station (issue 10 item 6). */
  enrolmentCode(validHours: number): Promise<Result<{ code: string; expiresAt: string }>> {
    return this.call('POST', '/admin/enrolment-codes', z.object({ code: z.string(), expiresAt: z.string() }), { validHours });
  }

  stations(): Promise<Result<StationSummary[]>> {
    return this.call('GET', '/admin/stations', z.array(StationSummarySchema));
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<Result<z.infer<S>>> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${API_PREFIX}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      return err('HUB_UNREACHABLE', `cannot reach the hub at ${this.baseUrl}: ${(e as Error).message}`);
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const parsed = schema.safeParse(json);
      return parsed.success ? ok(parsed.data) : err('HUB_RESPONSE_INVALID', 'unexpected answer from the hub');
    }
    const e = ErrorBodySchema.safeParse(json);
    if (!e.success) return err(res.status >= 500 ? 'HUB_UNREACHABLE' : 'HUB_ERROR', `the hub answered HTTP ${res.status}`);
    const code = ErrorCode.safeParse(e.data.error.code);
    return err(code.success ? code.data : 'HUB_ERROR', e.data.error.message, e.data.error.details);
  }
}
