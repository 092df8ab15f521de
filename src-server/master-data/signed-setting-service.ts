/**
 * One signed setting of a master-data record at the hub (FR-121 an equipment's plan, FR-123 a
 * balance's check plan; the wire in signed-setting-contract.ts): a change is the whole new
 * setting checked by the record's own schema, refused when it changes nothing (or by the
 * setting's own further rules), signed "approved" and written as the record's next master-data
 * version in one transaction (changeSignedMasterData); QA lists the records with their setting
 * and version; the signed changes are read back with each changed setting's old and new value
 * (signedChangesOf). Each setting says only what is its own (SignedSetting).
 */
import { asc, eq } from 'drizzle-orm';
import type { SettingChange, SignedChange, SignedSettingChanged, SignedSettingInput } from '../../src-shared/master-data/signed-setting-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterData } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from './master-data-service.ts';
import { changeSignedMasterData, signedChangesOf, type SignedMasterDataChange } from './signed-master-data-change.ts';

/** What the signed change of the setting names (the record's kind and schema, the signature's kind, purpose, audit action; the writer signed-fields.ts lets through), and what is the setting's own. */
export interface SignedSetting<R, S, Row, Id extends string, Name extends string> extends Pick<SignedMasterDataChange<R>, 'kind' | 'schema' | 'subjectKind' | 'purpose' | 'action' | 'via'> {
  /** The record's key as the wire names it (`equipmentId`). */
  readonly id: Id;
  /** The setting as the wire names it (`plan`), and the field its refusals name. */
  readonly name: Name;
  /** The setting in the words of a refusal (`plan`, `check plan`). */
  readonly words: string;
  /** The refusal when no valid record of that key exists. */
  unknown(key: string): Result<never>;
  settingOf(record: R): S;
  /** The record with `setting` in place of its own (what the record's schema then checks). */
  withSetting(record: R, setting: S): unknown;
  /** Each changed setting by its dotted name, old and new value (the contract's). */
  changes(before: S, after: S): SettingChange[];
  /** The record as QA lists it. */
  row(record: R, version: number): Row;
  /** The setting's further refusals of a change that changes something, from what it reads before the transaction; null lets it be signed. */
  refusals?(ctx: HubContext, key: string): Promise<(c: { readonly key: string; readonly current: S; readonly next: S; readonly changes: readonly SettingChange[] }) => Result<never> | null>;
}

export class SignedSettingService<R, S, Row, Id extends string, Name extends string> {
  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService,
    private readonly setting: SignedSetting<R, S, Row, Id, Name>,
  ) {}

  private changed(key: string, c: SignedChange): SignedSettingChanged<Id> {
    return { [this.setting.id]: key, ...c } as SignedSettingChanged<Id>;
  }

  async change(signer: HubPrincipal, key: string, input: SignedSettingInput<S, Name>): Promise<Result<SignedSettingChanged<Id>>> {
    const d = this.setting;
    let changes: SettingChange[] = [];
    const refuse = d.refusals ? await d.refusals(this.ctx, key) : null;
    const done = await changeSignedMasterData<R>(this.ctx, this.masterData, signer, {
      kind: d.kind,
      key,
      schema: d.schema,
      unknown: () => d.unknown(key),
      expectedVersion: input.expectedVersion,
      password: input.password,
      reason: input.reason,
      subjectKind: d.subjectKind,
      purpose: d.purpose,
      action: d.action,
      via: d.via,
      next: (current, { from, to }) => {
        const checked = d.schema.safeParse(d.withSetting(current, input[d.name] as S));
        if (!checked.success) return err('INPUT_INVALID', `invalid ${d.words}: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, { field: d.name });
        const next = d.settingOf(checked.data);
        changes = d.changes(d.settingOf(current), next);
        if (changes.length === 0) return err('INPUT_INVALID', `the ${d.words} of ${key} is already this: nothing to sign`, { field: d.name });
        const refused = refuse?.({ key, current: d.settingOf(current), next, changes });
        if (refused) return refused;
        return ok({ record: checked.data, signed: { [d.id]: key, fromVersion: from, toVersion: to, changes, reason: input.reason } });
      },
    });
    if (!done.ok) return done;
    const { version, changedAt, printedName, signatureId } = done.value;
    return ok(this.changed(key, { version, changedAt, changedBy: signer.username, printedName, reason: input.reason, changes, signatureId }));
  }

  /** Every record of the kind with its setting and version (QA reads it here: the generic master-data read is the steward's). */
  async list(): Promise<Row[]> {
    const rows = await this.ctx.db.select().from(masterData).where(eq(masterData.kind, this.setting.kind)).orderBy(asc(masterData.key)).limit(1000);
    return rows.flatMap((r) => {
      const record = r.data ? this.setting.schema.safeParse(r.data) : null;
      return record?.success ? [this.setting.row(record.data, r.version)] : [];
    });
  }

  /** The signed changes of a record, newest first: each changed setting's old and new value (from the versions it changed), who, when, why. */
  async history(key: string): Promise<Result<SignedSettingChanged<Id>[]>> {
    const d = this.setting;
    const changes = await signedChangesOf(this.ctx, { kind: d.kind, key, subjectKind: d.subjectKind, schema: d.schema });
    if (changes === null) return d.unknown(key);
    return ok(
      changes.flatMap(({ signature, before, after }) =>
        after && before ? [this.changed(key, { version: after.row.version, changedAt: after.row.changedAt.toISOString(), changedBy: after.row.changedBy, printedName: signature.printedName, reason: after.row.reason, changes: d.changes(d.settingOf(before.data), d.settingOf(after.data)), signatureId: signature.id })] : [],
      ),
    );
  }
}
