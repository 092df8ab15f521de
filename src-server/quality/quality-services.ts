/**
 * The quality area's services, built from the hub context (create-hub.ts is the composition
 * root; build-app.ts calls this once when it registers the quality routes). None keeps state
 * between calls: all of it is in PostgreSQL.
 */
import type { HubContext } from '../hub-context.ts';
import { QualityProjector } from './projection/quality-projector.ts';
import { TraceService } from './genealogy/trace-service.ts';
import { TraceCache } from './genealogy/trace-cache.ts';
import { ReviewService } from './review/review-service.ts';
import { ReleaseService } from './review/release-service.ts';
import { AuditQueryService } from './audit/audit-query.ts';
import { RecordPrintService } from './review/record-print-service.ts';
import { DeviationService } from './deviations/deviation-service.ts';
import { ChangeService } from './changes/change-service.ts';
import { SpcService } from './spc/spc-service.ts';
import { createIqcServices, type IqcServices } from './iqc/iqc-services.ts';
import { DEFAULT_EXCEPTION_POLICY, type ExceptionPolicy } from './review/batch-exceptions.ts';

export interface QualityServices {
  projector: QualityProjector;
  traces: TraceService;
  reviews: ReviewService;
  releases: ReleaseService;
  auditTrail: AuditQueryService;
  prints: RecordPrintService;
  deviations: DeviationService;
  changes: ChangeService;
  spc: SpcService;
  /** Incoming inspection and finished-product results (issue 12 items 1 and 4). */
  iqc: IqcServices;
}

export function createQualityServices(ctx: HubContext, policy: ExceptionPolicy = DEFAULT_EXCEPTION_POLICY): QualityServices {
  const projector = new QualityProjector(ctx);
  const reviews = new ReviewService(ctx, projector, policy);
  const traces = new TraceService({ db: ctx.db, catchUp: () => projector.catchUp(), decisions: (b) => reviews.decisions(b), cache: new TraceCache() });
  projector.onClosuresDropped = (refs) => traces.rekeep(refs);
  const deviations = new DeviationService(ctx, reviews, traces);
  return {
    projector,
    reviews,
    traces,
    releases: new ReleaseService(ctx, projector, reviews),
    auditTrail: new AuditQueryService(ctx),
    prints: new RecordPrintService(ctx, reviews),
    deviations,
    changes: new ChangeService(ctx),
    spc: new SpcService(ctx),
    iqc: createIqcServices(ctx, deviations),
  };
}
