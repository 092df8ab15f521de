/** Report template versions and their signed flow steps (issue 14 item 6; migration 0034). Append-only. */
import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TemplateCode } from '../../src-shared/reports/report-template.ts';
import { flowStepColumns, flowVersionColumns } from '../db/flow-version-columns.ts';

export const reportTemplateVersions = pgTable(
  'report_template_versions',
  flowVersionColumns({ templateCode: text('template_code').$type<TemplateCode>().notNull() }),
  (t) => [uniqueIndex('report_template_versions_version').on(t.templateCode, t.version)],
);

export const reportTemplateSteps = pgTable(
  'report_template_steps',
  flowStepColumns(),
  (t) => [index('report_template_steps_version').on(t.versionId, t.id)],
);
