/**
 * Report templates (issue 14 item 6): each template with its versions and states; a form to edit
 * the fields of a new version (sections and label fields reordered by drag and drop with
 * @dnd-kit/sortable, or by the arrow buttons); a preview of a batch-record template as the PDF of
 * a sample record; and the flow's signatures (review, approve, make effective) in the sign dialog.
 * The flow itself is the approval flow editor's second tab (#/templates/~flow, FR-113); a version
 * opens at #/templates/<code>/<version> (where the editor's "under an older flow" list points).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { DndContext, closestCenter, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { TemplateListItemSchema, TemplateVersionViewSchema, type TemplateVersionView } from '../../src-shared/reports/report-template-contract.ts';
import { DEFAULT_TEMPLATES, FONT_SIZES, TemplateCode as TemplateCodeSchema, LABEL_FIELDS, OPTIONAL_SECTIONS, type BatchRecordTemplate, type LabelTemplate, type TemplateCode } from '../../src-shared/reports/report-template.ts';
import { useConsole } from '../console-context.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { SignDialog, type SignRequest } from '../components/sign-dialog.tsx';
import { useLoad } from '../components/use-load.ts';
import { saveDownload } from '../components/save-download.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { ApprovalFlowScreen, FlowAreaTabs } from './approval-flow-screen.tsx';

/** A label field's word: i18next reads a dot as nesting, so `material.code` is keyed `material_code`. */
const fieldKey = (f: string): string => f.replace('.', '_');

const base = '/api/v1/report-templates';

function SortableRow({ id, children }: { id: string; children: React.ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  const style = { transform: transform ? `translate(0, ${transform.y}px)` : undefined, transition };
  return (
    <li ref={setNodeRef} style={style} data-testid={`tpl-item-${id}`}>
      <span className="drag" {...attributes} {...listeners} aria-hidden="true">
        ⠿
      </span>{' '}
      {children}
    </li>
  );
}

function SortableList({ ids, onMove, render }: { ids: string[]; onMove: (from: number, to: number) => void; render: (id: string, i: number) => React.ReactNode }) {
  const onDragEnd = (e: DragEndEvent) => {
    if (e.over && e.active.id !== e.over.id) onMove(ids.indexOf(String(e.active.id)), ids.indexOf(String(e.over.id)));
  };
  return (
    <DndContext collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol className="tpl-list">
          {ids.map((id, i) => (
            <SortableRow key={id} id={id}>
              {render(id, i)}
              <Button onClick={() => i > 0 && onMove(i, i - 1)} aria-label="↑">↑</Button>
              <Button onClick={() => i < ids.length - 1 && onMove(i, i + 1)} aria-label="↓">↓</Button>
            </SortableRow>
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function BatchRecordForm({ value, onChange }: { value: BatchRecordTemplate; onChange: (v: BatchRecordTemplate) => void }) {
  const { t } = useTranslation();
  const missing = OPTIONAL_SECTIONS.filter((s) => !value.sections.includes(s));
  return (
    <div>
      <TextField label={t('templates.titleEn')} value={value.title.en} onChange={(e) => onChange({ ...value, title: { ...value.title, en: e.target.value } })} />
      <TextField label={t('templates.titleZh')} value={value.title['zh-CN']} onChange={(e) => onChange({ ...value, title: { ...value.title, 'zh-CN': e.target.value } })} />
      <TextField label={t('templates.site')} value={value.siteName ?? ''} onChange={(e) => onChange({ ...value, siteName: e.target.value || null, headerFields: e.target.value ? [...new Set([...value.headerFields, 'site' as const])] : value.headerFields.filter((f) => f !== 'site') })} />
      <TextField label={t('templates.footerEn')} value={value.footer.en} onChange={(e) => onChange({ ...value, footer: { ...value.footer, en: e.target.value } })} />
      <TextField label={t('templates.footerZh')} value={value.footer['zh-CN']} onChange={(e) => onChange({ ...value, footer: { ...value.footer, 'zh-CN': e.target.value } })} />
      <h3>{t('templates.sections')}</h3>
      <SortableList
        ids={value.sections}
        onMove={(a, b) => onChange({ ...value, sections: arrayMove(value.sections, a, b) })}
        render={(id) => (
          <>
            {t(`templates.section.${id}`)}{' '}
            {OPTIONAL_SECTIONS.includes(id as never) ? <Button onClick={() => onChange({ ...value, sections: value.sections.filter((s) => s !== id) })}>{t('templates.remove')}</Button> : null}
          </>
        )}
      />
      {missing.map((s) => (
        <Button key={s} onClick={() => onChange({ ...value, sections: [...value.sections, s] })}>
          {t('templates.add', { what: t(`templates.section.${s}`) })}
        </Button>
      ))}
    </div>
  );
}

function LabelForm({ value, onChange }: { value: LabelTemplate; onChange: (v: LabelTemplate) => void }) {
  const { t } = useTranslation();
  const ids = value.fields.map((f) => f.field);
  const unused = LABEL_FIELDS.filter((f) => !ids.includes(f));
  return (
    <div>
      <TextField label={t('templates.module')} type="number" min={3} max={8} value={value.barcodeModuleDots} onChange={(e) => onChange({ ...value, barcodeModuleDots: Number(e.target.value) })} />
      <h3>{t('templates.fields')}</h3>
      <SortableList
        ids={ids}
        onMove={(a, b) => onChange({ ...value, fields: arrayMove(value.fields, a, b) })}
        render={(id, i) => (
          <>
            {t(`templates.field.${fieldKey(id)}`)}{' '}
            <SelectField label={t('templates.size')} value={value.fields[i]!.size} options={FONT_SIZES.map((s) => ({ value: s, label: t(`templates.sizes.${s}`) }))} onChange={(e) => onChange({ ...value, fields: value.fields.map((f, j) => (j === i ? { ...f, size: e.target.value as LabelTemplate['fields'][number]['size'] } : f)) })} />
            <Button onClick={() => onChange({ ...value, fields: value.fields.filter((_f, j) => j !== i) })}>{t('templates.remove')}</Button>
          </>
        )}
      />
      {unused.map((f) => (
        <Button key={f} onClick={() => onChange({ ...value, fields: [...value.fields, { field: f, size: 'medium' }] })}>
          {t('templates.add', { what: t(`templates.field.${fieldKey(f)}`) })}
        </Button>
      ))}
    </div>
  );
}

/** #/templates (the list and the form), #/templates/<code>/<version> (that version opened), #/templates/~flow (the flow). */
export function ReportTemplatesScreen({ route = [] }: { route?: string[] }) {
  const [first, version] = route;
  if (first === '~flow') return <ApprovalFlowScreen kind="template" />;
  const code = TemplateCodeSchema.safeParse(first ? decodeURIComponent(first) : '');
  const opened = code.success && version && /^[1-9]\d*$/.test(version) ? Number(version) : null;
  return <TemplatesList key={route.join('/')} initial={code.success ? code.data : 'batch-record'} opened={opened} />;
}

function TemplatesList({ initial, opened }: { initial: TemplateCode; opened: number | null }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const [code, setCode] = useState<TemplateCode>(initial);
  const list = useLoad(() => api.get(base, z.array(TemplateListItemSchema)), 'list');
  const versions = useLoad(() => api.get(`${base}/${code}/versions`, z.array(TemplateVersionViewSchema.omit({ content: true, flow: true, signatures: true, next: true }))), code);
  const [open, setOpen] = useState<TemplateVersionView | null>(null);
  const [draft, setDraft] = useState<BatchRecordTemplate | LabelTemplate>(DEFAULT_TEMPLATES[initial]);
  const [error, setError] = useState<BatchlineError | null>(null);
  const [signing, setSigning] = useState<SignRequest | null>(null);
  const choose = (c: TemplateCode) => {
    setCode(c);
    setOpen(null);
    setDraft(DEFAULT_TEMPLATES[c]);
  };
  const show = async (version: number) => {
    const r = await api.get(`${base}/${code}/versions/${version}`, TemplateVersionViewSchema);
    if (!r.ok) return setError(r.error);
    setOpen(r.value);
    setDraft(r.value.content as never);
  };
  useEffect(() => {
    if (opened !== null) void show(opened);
    // Opened once from the route (the screen is keyed by it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const save = async () => {
    const r = await api.post(`${base}/${code}/versions`, { content: draft, basedOn: open?.version ?? null, note: '' }, TemplateVersionViewSchema);
    if (!r.ok) return setError(r.error);
    setError(null);
    setOpen(r.value);
    versions.reload();
    list.reload();
  };
  const preview = async () => {
    const refused = await saveDownload(api, `${base}/batch-record/preview`, { content: draft, lang: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' });
    setError(refused);
  };
  const sign = (v: TemplateVersionView, transition: string, meaning: string) =>
    setSigning({
      title: t('templates.signTitle', { template: v.templateCode, version: v.version, transition }),
      statement: t('templates.signStatement', { template: v.templateCode, version: v.version, hash: v.contentHash.slice(0, 16) }),
      meaning,
      textLabel: t('templates.comment'),
      textRequired: false,
      async submit(password, comment) {
        const r = await api.post(`${base}/${v.templateCode}/versions/${v.version}/transitions`, { transition, password, ...(comment ? { comment } : {}) }, TemplateVersionViewSchema);
        if (!r.ok) return r.error;
        setOpen(r.value);
        versions.reload();
        list.reload();
        return null;
      },
    });
  return (
    <section data-testid="report-templates">
      <FlowAreaTabs kind="template" current="list" />
      <h2>{t('templates.title')}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <ul>
        {(list.data ?? []).map((l) => (
          <li key={l.templateCode}>
            <Button onClick={() => choose(l.templateCode)} aria-current={l.templateCode === code ? 'page' : undefined}>
              {t(`templates.code.${l.templateCode}`)}
            </Button>{' '}
            {t('templates.effective', { version: l.effective?.version ?? '—' })}
          </li>
        ))}
      </ul>
      <table>
        <thead>
          <tr>
            <th>{t('templates.version')}</th>
            <th>{t('templates.state')}</th>
            <th>{t('templates.by')}</th>
            <th>{t('flow.flowVersion')}</th>
          </tr>
        </thead>
        <tbody>
          {(versions.data ?? []).map((v) => (
            <tr key={v.version}>
              <td>
                <Button onClick={() => void show(v.version)}>v{v.version}</Button>
              </td>
              <td>{t(`templates.states.${v.state}`)}</td>
              <td>{v.createdBy}</td>
              <td data-testid={`template-flow-version-${v.version}`}>{v.flowVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <div data-testid="template-version">
          <h3>{t('templates.opened', { version: open.version, state: t(`templates.states.${open.state}`) })}</h3>
          <p data-testid="template-version-flow">
            {t('flow.flowVersion')}: {open.flow.version} ({open.flow.flowCode})
          </p>
          <ul>
            {open.signatures.map((s, i) => (
              <li key={i}>{`${s.transition}: ${s.printedName} (${s.username}), ${s.signedAt}${s.valid ? '' : ' ✗'}`}</li>
            ))}
          </ul>
          {open.next.map((n) => (
            <Button key={n.transition} onClick={() => sign(open, n.transition, n.meaning)} data-testid={`sign-${n.transition}`}>
              {t('templates.sign', { transition: n.transition, roles: n.rolesNeeded.map((r) => r.join('/')).join(', ') })}
            </Button>
          ))}
        </div>
      ) : null}
      <h3>{t('templates.edit')}</h3>
      {code === 'batch-record' ? <BatchRecordForm value={draft as BatchRecordTemplate} onChange={setDraft} /> : <LabelForm value={draft as LabelTemplate} onChange={setDraft} />}
      <Button variant="primary" onClick={() => void save()} data-testid="template-save">
        {t('templates.save')}
      </Button>
      {code === 'batch-record' ? (
        <Button onClick={() => void preview()} data-testid="template-preview">
          {t('templates.preview')}
        </Button>
      ) : null}
      {signing && me ? <SignDialog request={signing} me={me} onClose={() => setSigning(null)} onSigned={() => setSigning(null)} /> : null}
    </section>
  );
}

