/**
 * What the IQC/OQC suites share: a steward and a second QC account at the quality hub, a
 * material in master data, a specification put in force under an approved change control, a
 * goods receipt as the ERP sends it (B2MML), and a station that applies the hub's master data.
 */
import { expect } from 'vitest';
import type { ChangeView } from '../../../src-shared/quality/change-contract.ts';
import type { SpecTest, SpecificationView } from '../../../src-shared/quality/iqc-contract.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { httpTransport } from '../../../src-main/sync/hub-transport.ts';
import { stationMasterData } from '../../../src-main/sync/engine-master-data-sink.ts';
import { provisionHubUser } from '../../hub/support/provision-user.ts';
import { syncService } from '../../hub/support/enrol.ts';
import { HUB_PASSWORD, type QualityHub } from './quality-hub.ts';

export type Reply<T> = { error?: { code: string; message: string; details?: Record<string, unknown> } } & Partial<T>;

export function iqcApi(q: QualityHub) {
  return async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<Reply<T>>(method, path, body, await q.token(who));
}

/** md.zhou (steward) and lin.wei (a second QC person who enters results by hand). */
export async function provisionIqcPeople(q: QualityHub): Promise<void> {
  await provisionHubUser(q.hub, { username: 'md.zhou', printedName: 'Zhou Min', roles: ['master-data'], password: HUB_PASSWORD });
  await provisionHubUser(q.hub, { username: 'lin.wei', printedName: 'Lin Lab', roles: ['qa'], password: HUB_PASSWORD });
}

export async function putMaterial(q: QualityHub, materialCode: string, name: string): Promise<void> {
  const r = await iqcApi(q)('md.zhou', 'PUT', `/api/v1/master-data/material/${materialCode}`, { data: { materialCode, name }, reason: 'new material' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A change naming spec/<material>, assessed and approved by two QA people. */
export async function approvedSpecChange(q: QualityHub, material: string): Promise<string> {
  const api = iqcApi(q);
  const c = await api<ChangeView>('qa.hub', 'POST', '/api/v1/quality/changes', { title: `Specification of ${material}`, reason: 'Specification from the validated method.', links: [{ kind: 'specification', ref: `spec/${material}`, fromVersion: null, toVersion: 1 }], password: HUB_PASSWORD });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const id = c.body.id!;
  await api('qa.hub', 'POST', `/api/v1/quality/changes/${id}/steps`, { step: 'assess-impact', assessment: 'A new specification; no batch affected.', approverRoles: ['qa'], password: HUB_PASSWORD });
  const approved = await api<ChangeView>('qa.second', 'POST', `/api/v1/quality/changes/${id}/steps`, { step: 'approve', role: 'qa', password: HUB_PASSWORD });
  expect(approved.body.state).toBe('approved');
  return id;
}

export const API_TESTS: SpecTest[] = [
  { code: 'ASSAY', name: 'Assay (HPLC)', kind: 'numeric', unit: '%', lower: 98, upper: 102 },
  { code: 'ID-IR', name: 'Identity (IR)', kind: 'text', accepted: ['conforms'] },
];

export async function putSpec(q: QualityHub, material: string, tests: SpecTest[] = API_TESTS): Promise<SpecificationView> {
  const changeId = await approvedSpecChange(q, material);
  const r = await iqcApi(q)<SpecificationView>('qa.hub', 'POST', '/api/v1/quality/specifications', { material, tests, sampleQuantity: { amount: '50', unit: 'g' }, changeId });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as SpecificationView;
}

/** A B2MML MaterialInformation of one lot in `containers` sublots of 25 kg. */
export function b2mmlReceipt(o: { receiptId: string; material: string; lotId: string; lotNumber: string; containers: number; supplierStatus: string; doctype?: boolean }): string {
  const sublots = Array.from({ length: o.containers }, (_, i) => `
      <MaterialSubLot><ID>${o.lotId}-C${i + 1}</ID><Quantity><QuantityString>25.000</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity>
        <Property><ID>Tare</ID><Value><ValueString>1.200</ValueString><UnitOfMeasure>kg</UnitOfMeasure></Value></Property></MaterialSubLot>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>${o.doctype ? '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' : ''}
<SyncMaterialInformation xmlns="http://www.mesa.org/xml/B2MML">
  <DataArea><MaterialInformation><ID>${o.receiptId}</ID>
    <MaterialLot><ID>${o.lotId}</ID><MaterialDefinitionID>${o.material}</MaterialDefinitionID>
      <Property><ID>LotNumber</ID><Value><ValueString>${o.lotNumber}</ValueString></Value></Property>
      <Property><ID>ExpiryDate</ID><Value><ValueString>2029-06-30</ValueString></Value></Property>
      <Property><ID>SupplierID</ID><Value><ValueString>SUP-ACME</ValueString></Value></Property>
      <Property><ID>SupplierStatus</ID><Value><ValueString>${o.supplierStatus}</ValueString></Value></Property>${sublots}
    </MaterialLot>
  </MaterialInformation></DataArea>
</SyncMaterialInformation>`;
}

export async function postB2mml(q: QualityHub, who: string, xml: string): Promise<{ status: number; body: Reply<{ receiptId: string; tasks: { id: string; lotId: string; state: string }[] }> }> {
  const res = await fetch(`${q.hub.url}/api/v1/quality/iqc/receipts/b2mml`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${await q.token(who)}` }, body: xml });
  return { status: res.status, body: (await res.json()) as Reply<{ receiptId: string; tasks: { id: string; lotId: string; state: string }[] }> };
}

/** One sync round in which the station applies the hub's master data to its engine. */
export async function syncMasterData(q: QualityHub): Promise<void> {
  unwrap(await syncService(q.station, httpTransport(q.hub.url), { masterData: stationMasterData(q.station) }).runOnce());
}
