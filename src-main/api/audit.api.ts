/** Audit trail review and export (21 CFR 11.10(e)); an export is itself an audit entry (D25-01). */
import type { auditContract, AuditQuery } from '../../src-shared/api/audit.contract.ts';
import type { AuditFilter } from '../../src-shared/ledger/ledger-entry.ts';
import { ok } from '../../src-shared/result.ts';
import { auditView } from '../../src-core/ledger/audit-view.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, type Handlers } from './handler-map.ts';

function toFilter(q: AuditQuery): AuditFilter {
  const f: AuditFilter = { limit: q.limit ?? 200 };
  if (q.batchRef !== undefined) f.batchRef = q.batchRef;
  if (q.actor !== undefined) f.actor = q.actor;
  if (q.typePrefix !== undefined) f.typePrefix = q.typePrefix;
  // Ledger times are UTC ISO strings; normalise the bounds so string comparison is time order.
  if (q.fromTime !== undefined) f.fromTime = new Date(q.fromTime).toISOString();
  if (q.toTime !== undefined) f.toTime = new Date(q.toTime).toISOString();
  if (q.afterSeq !== undefined) f.afterSeq = q.afterSeq;
  return f;
}

/** A user name resolves to its id; an unknown name matches nobody (not everybody). */
export function auditFilterOf(station: ApiDeps['station'], q: AuditQuery): AuditFilter {
  if (q.username === undefined) return toFilter(q);
  const user = station.users.byUsername(q.username.toLowerCase());
  return { ...toFilter(q), actor: user ? user.userId : '\u0000no such user' };
}

export function auditApi({ station }: ApiDeps): Handlers<typeof auditContract> {
  const filterOf = (q: AuditQuery): AuditFilter => auditFilterOf(station, q);
  return {
    'audit.query': (q) => ok(auditView(station.ledger, filterOf(q))),
    'audit.export': (q, ctx) => {
      const filter = filterOf(q);
      const records = auditView(station.ledger, filter);
      const appended = station.ledger.append([
        { type: 'audit.exported', actor: caller(ctx).userId, payload: { filter: { ...filter }, entryCount: records.length, format: 'json' } },
      ]);
      if (!appended.ok) return appended;
      return ok({ exportedSeq: appended.value[0]!.seq, records });
    },
  };
}
