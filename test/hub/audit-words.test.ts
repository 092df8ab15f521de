/**
 * Every action and detail field the hub writes to its audit trail has words in the console's
 * English and zh-CN catalogues (Annex 11 §9: a person reads the audit trail; issue 18 item 9: no
 * untranslated English on a zh-CN screen). The console falls back to the raw code or key, which a
 * zh-CN reader then sees in English: a branch that adds an audit action or field without words
 * fails here, not only on the screens an e2e test happens to visit.
 *
 * The calls are read from the hub's sources (`audit(…, { action, details })`); actions built at
 * run time and details spread from another object are listed below, next to where they come from.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleEn } from '../../src-console/i18n/en.ts';
import { consoleZhCN } from '../../src-console/i18n/zh-CN.ts';

const ROOT = join(import.meta.dirname, '../../src-server');

/** Actions the hub composes at run time. */
const COMPOSED_ACTIONS = [
  // station-admin.ts: `station.${status === 'active' ? 'reinstated' : status}`
  'station.reinstated',
  'station.quarantined',
  'station.revoked',
  // release-service.ts: a signature plan's action, and `${area}.refused` when its signing fails
  'review.signed',
  'deviation.closed',
  'release.signed',
  'batch.rejected',
  'review.refused',
  'deviation.refused',
  'release.refused',
  'batch.refused',
  // register-quality.ts: okLogin ? 'user.login' : 'user.login_failed'
  'user.login',
  'user.login_failed',
  // iqc/disposition-service.ts: signRecordStep's action
  'iqc.disposition_signed',
  // recipes/recipe-version-service.ts: signRecordStep's action
  'recipe.signed',
  // recipes/approval-flow-store.ts: `${area}.flow_signed` (signRecordStep), `${area}.flow_changed`, `${area}.refused`
  'recipe.flow_signed',
  'recipe.flow_changed',
  'template.flow_signed',
  'template.flow_changed',
  'template.refused',
  // reports/report-template-service.ts: signRecordStep's action
  'template.signed',
  // master-data-service.ts
  'masterdata.changed',
  'masterdata.withdrawn',
  // account-admin.ts: this.change(actor, userId, '<action>', …)
  'user.identity_verified',
  'user.password_reset',
  'user.disabled',
  'user.enabled',
  'user.unlocked',
  // environment-service.ts: `environment.excursion_${event.kind}`
  'environment.excursion_started',
  'environment.excursion_escalated',
  'environment.excursion_ended',
  // room-limits-service.ts: signRecordStep's action, and `environment.refused` when signing fails
  'environment.limits_changed',
  'environment.refused',
  // equipment-logbook-service.ts: `equipment.${kind}_recorded` (signRecordStep), `equipment.refused` when signing fails
  'equipment.cleaning_recorded',
  'equipment.maintenance_recorded',
  'equipment.calibration_recorded',
  'equipment.qualification_recorded',
  'equipment.breakdown_recorded',
  'equipment.repair_recorded',
  'equipment.refused',
  // equipment-plan-service.ts: signRecordStep's action (FR-121), `equipment.refused` when signing fails
  'equipment.plan_changed',
  // erp-service.ts: requeue is signRecordStep's action, and its refusal `erp.refused` (signer-credentials.ts)
  'erp.requeued',
  'erp.refused',
];

/** Detail fields spread in from another object. */
const SPREAD_FIELDS = [
  // account-admin.ts `...applied.value`: what each account change returns
  'method',
  'after',
  'madeBy',
  'at',
  'certificate',
  'reason',
  'revokedCertificates',
  'previousStatus',
  'status',
  'secondFactorRemoved',
  // intake-service.ts `...e.payload` of the station's sync.hub_behind entry
  'hubUrl',
  'hubAckSeq',
  'hubAckHash',
  'acknowledgedSeq',
  'countersignedSize',
  // enrolment-service.ts `...offered`
  'stationId',
  'knownGenesisHash',
  'knownAckSeq',
  'offeredGenesisHash',
  'offeredGenesisTime',
  'offeredKeyFingerprint',
  'stationName',
  'site',
];

/** The fields of the audit record itself, not of its details. */
const RECORD_FIELDS = new Set(['actor', 'action', 'subject', 'details', 'ok']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every `audit(…)` call's text, up to its closing parenthesis. */
function auditCalls(): string[] {
  const calls: string[] = [];
  for (const file of sources(ROOT)) {
    const s = readFileSync(file, 'utf8');
    for (let i = s.indexOf('await audit('); i >= 0; i = s.indexOf('await audit(', i + 1)) {
      let depth = 0;
      let j = i + 'await audit'.length;
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      calls.push(s.slice(i, j + 1));
    }
  }
  return calls;
}

function written(): { actions: Set<string>; fields: Set<string> } {
  const actions = new Set(COMPOSED_ACTIONS);
  const fields = new Set(SPREAD_FIELDS);
  for (const call of auditCalls()) {
    for (const m of call.matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) actions.add(m[1]!);
    const at = call.indexOf('details:');
    if (at < 0) continue;
    // keys of the details object literal(s): `key:` and shorthand `{ key }` / `, key,`
    for (const m of call.slice(at + 'details:'.length).matchAll(/[{,]\s*([A-Za-z_]\w*)\s*(?=[:,}])/g)) if (!RECORD_FIELDS.has(m[1]!)) fields.add(m[1]!);
  }
  return { actions, fields };
}

const lookup = (o: object, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('the hub audit trail in words', () => {
  const { actions, fields } = written();

  it('finds the audit calls it checks (the scan itself works)', () => {
    expect(auditCalls().length).toBeGreaterThan(30);
    for (const a of ['purge.executed', 'certificate.reissue_requested', 'software.installed', 'session.concurrent_ended']) expect(actions).toContain(a);
    for (const f of ['version', 'sameKeyAs', 'dormantDays', 'failedAttempts']) expect(fields).toContain(f);
  });

  for (const [lang, cat] of [
    ['en', consoleEn],
    ['zh-CN', consoleZhCN],
  ] as const) {
    it(`every audit action the hub writes has ${lang} words`, () => {
      expect([...actions].filter((a) => typeof lookup(cat.auditActions, a) !== 'string' || (lookup(cat.auditActions, a) as string).trim() === '').sort()).toEqual([]);
    });
    it(`every audit detail field the hub writes has a ${lang} label`, () => {
      const labels = cat.auditFields as Record<string, string>;
      expect([...fields].filter((f) => !labels[f]?.trim()).sort()).toEqual([]);
    });
  }

  it('zh-CN labels of the audit fields and actions are Chinese, not copied English', () => {
    const latinWord = /\b[a-z]{3,}\b/; // a lower-case English word (codes such as SHA-256 are upper case)
    expect(Object.entries(consoleZhCN.auditFields).filter(([, v]) => latinWord.test(v))).toEqual([]);
    const flat = (o: object, p = ''): [string, string][] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));
    expect(flat(consoleZhCN.auditActions).filter(([, v]) => latinWord.test(v))).toEqual([]);
  });
});
