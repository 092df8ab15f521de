/**
 * Everything issue 7 adds to the hub's HTTP app: genealogy, review and release, the console's
 * hub routes, the audit of every login, and the console itself. Called once by build-app.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../../src-shared/sync/sync-protocol.ts';
import type { HubServices } from '../../http/hub-services.ts';
import { audit } from '../../admin/hub-audit.ts';
import { createQualityServices } from '../quality-services.ts';
import { HubDirectory } from '../hub-directory.ts';
import { registerGenealogyRoutes } from './genealogy-routes.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { registerDeviationRoutes } from './deviation-routes.ts';
import { registerIqcRoutes } from '../iqc/iqc-routes.ts';
import { registerHubConsoleRoutes } from './hub-console-routes.ts';
import { registerSpcChartRoutes } from './spc-chart-routes.ts';
import { registerDashboardRoutes } from '../dashboard/dashboard-routes.ts';
import { registerConsoleStatic } from './console-static.ts';
import { registerIpqcRoutes } from './ipqc-routes.ts';
import { HubIpqcService } from '../ipqc/ipqc-service.ts';
import { ArchiveService } from '../../archive/archive-service.ts';
import { registerArchiveRoutes } from '../../archive/archive-routes.ts';
import { recordPdfRenderer } from '../../../src-core/archive/record-pdf-renderer.ts';
import { pickReportFont } from '../../../src-core/report/pdf-font.ts';
import { SOFTWARE_VERSION } from '../../../src-shared/version.ts';
import { registerRecipeRoutes } from '../../recipes/recipe-routes.ts';
import { registerReportTemplateRoutes } from '../../reports/report-template-routes.ts';

/** Where `vite build --config vite.console.config.ts` puts the console by default. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../dist-console', import.meta.url));

export interface QualityHttpOptions {
  /** The built console; default dist-console/ when it exists. */
  consoleDir?: string | undefined;
}

export function registerQuality(app: FastifyInstance, s: HubServices, options: QualityHttpOptions = {}): void {
  const q = createQualityServices(s.ctx);
  // Closures being kept again in the background (TraceService.rekeep) finish before the hub
  // closes its database.
  app.addHook('onClose', async () => {
    await q.traces.rekept();
  });
  const dir = new HubDirectory(s.ctx, s.stations, q.projector);
  registerGenealogyRoutes(app, s, q);
  registerReviewRoutes(app, s, q);
  registerDeviationRoutes(app, s, q);
  registerIqcRoutes(app, s, q);
  registerIpqcRoutes(app, s, new HubIpqcService(s.ctx));
  registerHubConsoleRoutes(app, s, q, dir);
  registerSpcChartRoutes(app, s, q);
  registerDashboardRoutes(app, s, q, dir);
  registerRecipeRoutes(app, s);
  registerReportTemplateRoutes(app, s);
  registerArchiveRoutes(app, s, new ArchiveService(
      s.ctx,
      q,
      (locale) => recordPdfRenderer({ locale, font: pickReportFont(process.env.BATCHLINE_CJK_FONT, existsSync, readFileSync), clock: s.ctx.clock, softwareVersion: SOFTWARE_VERSION, printedBy: 'Batchline hub (evidence packet)' }),
    ));
  auditLogins(app, s);
  const consoleDir = options.consoleDir ?? (existsSync(DEFAULT_CONSOLE_DIR) ? DEFAULT_CONSOLE_DIR : undefined);
  if (consoleDir) registerConsoleStatic(app, consoleDir);
}

/**
 * Every login, successful or not, in the hub audit trail (issue 7 item 4; Annex 11 draft 2025
 * "Audit Trails": login and logout events). Done as a hook on the login route so the account
 * service stays as it is; the name is recorded as typed (trimmed, lower-cased, at most 64).
 */
function auditLogins(app: FastifyInstance, s: HubServices): void {
  const loginUrl = `${API_PREFIX}/auth/login`;
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'POST' || req.routeOptions.url !== loginUrl) return payload;
    const username = String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase().slice(0, 64) || '(none)';
    const okLogin = reply.statusCode === 200;
    let code: string | null = null;
    if (!okLogin && typeof payload === 'string') {
      try {
        code = (JSON.parse(payload) as { error?: { code?: string } }).error?.code ?? null;
      } catch {
        code = null;
      }
    }
    await audit(s.ctx.db, s.ctx.clock.now(), { actor: username, action: okLogin ? 'user.login' : 'user.login_failed', subject: username, ok: okLogin, details: { ip: req.ip, ...(code ? { code } : {}) } });
    return payload;
  });
}
