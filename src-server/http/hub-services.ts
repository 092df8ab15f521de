/** The services the HTTP routes call; built once by create-hub.ts. */
import type { CertificateCache } from '../../src-core/pki/certificate-check.ts';
import type { Result } from '../../src-shared/result.ts';
import type { AdminAuth } from '../admin/admin-auth.ts';
import type { AccountAdmin } from '../admin/account-admin.ts';
import type { EnrolmentService } from '../enrolment/enrolment-service.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import type { AuthenticatedStation, SignedRequest } from '../stations/station-auth.ts';
import type { StationAdmin } from '../stations/station-admin.ts';
import type { IntakeService } from '../sync/intake-service.ts';
import type { HubMetrics } from './hub-metrics.ts';

export interface HubServices {
  ctx: HubContext;
  auth: AdminAuth;
  accounts: AccountAdmin;
  enrolment: EnrolmentService;
  stations: StationAdmin;
  intake: IntakeService;
  masterData: MasterDataService;
  metrics: HubMetrics;
  certCache: CertificateCache;
  authenticateStation(req: SignedRequest): Promise<Result<AuthenticatedStation>>;
}
