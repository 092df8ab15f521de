/**
 * Specifications as versioned master data (issue 12 item 1): the tests of a material (incoming
 * inspection) or a product (finished-product results), with limits, units or accepted texts, and
 * the quantity taken from each sampled container. A new version only under an approved change
 * control that names `spec/<material>` (the same rule as frozen SPC limits, spc-service.ts);
 * versions are append-only (migration 0019); every version and refusal is in the hub audit trail.
 * A sampling task keeps the version in force when the goods arrived.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { FREEZE_STATES } from '../../../src-shared/quality/spc-contract.ts';
import { specSettingRef, type PutSpecification, type SpecificationView } from '../../../src-shared/quality/iqc-contract.ts';
import { gmpRoleConflict } from '../../../src-shared/quality/quality-roles.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualityChanges } from '../db/change-schema.ts';
import { qualitySpecifications } from './iqc-schema.ts';

type Row = typeof qualitySpecifications.$inferSelect;

export class SpecService {
  constructor(private readonly ctx: HubContext) {}

  /** The version in force (the latest), or a given one. */
  async get(material: string, version?: number, q: HubQuery = this.ctx.db): Promise<Result<SpecificationView>> {
    const where = version === undefined ? eq(qualitySpecifications.material, material) : and(eq(qualitySpecifications.material, material), eq(qualitySpecifications.version, version));
    const [row] = await q.select().from(qualitySpecifications).where(where).orderBy(desc(qualitySpecifications.version)).limit(1);
    if (!row) return err('SPEC_UNKNOWN', `no specification${version ? ` version ${version}` : ''} for ${material}`, { material });
    return ok(view(row));
  }

  /** The version in force of every material and product that has one. */
  async list(): Promise<SpecificationView[]> {
    const rows = await this.ctx.db.select().from(qualitySpecifications).orderBy(asc(qualitySpecifications.material), desc(qualitySpecifications.version)).limit(5000);
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.material) && seen.add(r.material)).map(view);
  }

  async put(signer: HubPrincipal, input: PutSpecification): Promise<Result<SpecificationView>> {
    const setting = specSettingRef(input.material);
    const refuse = async (code: ErrorCode, message: string, details?: Record<string, unknown>): Promise<Result<never>> => {
      await audit(this.ctx.db, this.ctx.clock.now(), { actor: signer.username, action: 'spec.refused', subject: setting, ok: false, details: { code, message, changeId: input.changeId } });
      return err(code, message, details);
    };
    const conflict = gmpRoleConflict(signer.roles);
    if (conflict) return refuse('GMP_ROLE_CONFLICT', conflict);
    if (!signer.roles.includes('qa')) return refuse('AUTH_ROLE_REQUIRED', 'a specification version is put in force by QA');
    return this.ctx.db.transaction(async (tx): Promise<Result<SpecificationView>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.quality:${setting}`}))`);
      const [change] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, input.changeId));
      const problem = !change
        ? `no change control ${input.changeId}`
        : !FREEZE_STATES.includes(change.state)
          ? `change ${change.id} is ${change.state}; a specification is put in force under an approved change that is being implemented`
          : !change.links.some((l) => l.ref === setting)
            ? `change ${change.id} does not name the specification ${setting}`
            : null;
      if (problem) {
        await audit(tx, this.ctx.clock.now(), { actor: signer.username, action: 'spec.refused', subject: setting, ok: false, details: { code: 'SPEC_CHANGE_REQUIRED', message: problem, changeId: input.changeId } });
        return err('SPEC_CHANGE_REQUIRED', problem, { changeId: input.changeId, setting });
      }
      const [last] = await tx.select({ v: qualitySpecifications.version }).from(qualitySpecifications).where(eq(qualitySpecifications.material, input.material)).orderBy(desc(qualitySpecifications.version)).limit(1);
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(qualitySpecifications)
        .values({ material: input.material, version: (last?.v ?? 0) + 1, tests: input.tests, sampleQuantity: input.sampleQuantity, changeId: input.changeId, approvedBy: signer.username, approvedAt: now })
        .returning();
      await audit(tx, now, { actor: signer.username, action: 'spec.in_force', subject: setting, details: { version: row!.version, changeId: input.changeId, tests: input.tests.map((t) => t.code) } });
      return ok(view(row!));
    });
  }
}

function view(r: Row): SpecificationView {
  return { material: r.material, version: r.version, tests: r.tests, sampleQuantity: r.sampleQuantity, changeId: r.changeId, approvedBy: r.approvedBy, approvedAt: r.approvedAt.toISOString() };
}
