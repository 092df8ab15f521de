/**
 * What a QA or QP signature made at the hub signs, as the evidence packet's offline verifier
 * rebuilds it: the RFC 8785 canonical JSON of the purpose tag and the signed fields. The hub
 * signs these very bytes (src-server/quality/signing/hub-signature.ts calls this function after
 * checking the fields); test/archive/hub-signature-bytes.test.ts checks a real hub signature.
 */
import { createVerify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

export const HUB_SIGNATURE_PURPOSE = 'batchline.hub-signature.v1';

/** What a hub signature can be of: the one list (types, the database column, the field check). */
export const HUB_SUBJECT_KINDS = ['batch', 'deviation', 'deviation-record', 'change-record', 'iqc-record', 'recipe-version', 'equipment-logbook', 'erp-message', 'report-template', 'approval-flow', 'room-limits', 'equipment-plan', 'balance-check-plan'] as const;
export type HubSubjectKind = (typeof HUB_SUBJECT_KINDS)[number];
/**
 * Kinds whose batch column holds another subject's id (an equipment id, a room, an ERP message):
 * never part of a batch's evidence, even where that id happens to equal a batch number.
 */
export const NON_BATCH_SUBJECT_KINDS: ReadonlySet<HubSubjectKind> = new Set(['equipment-logbook', 'equipment-plan', 'balance-check-plan', 'room-limits', 'erp-message']);

export interface HubSignedFields {
  subjectKind: HubSubjectKind;
  batchNumber: string;
  subjectKey: string;
  subjectHash: string;
  meaning: string;
  signerId: string;
  username: string;
  printedName: string;
  signedAt: string;
  tzOffset: string;
  comment: string | null;
}

export function hubSignatureBytes(f: HubSignedFields): Buffer {
  return Buffer.from(
    canonicalJson({
      purpose: HUB_SIGNATURE_PURPOSE,
      subjectKind: f.subjectKind,
      batchNumber: f.batchNumber,
      subjectKey: f.subjectKey,
      subjectHash: f.subjectHash,
      meaning: f.meaning,
      signerId: f.signerId,
      username: f.username,
      printedName: f.printedName,
      signedAt: f.signedAt,
      tzOffset: f.tzOffset,
      comment: f.comment,
    }),
    'utf8',
  );
}

export function verifyHubSignedFields(publicKey: KeyObject, f: HubSignedFields, signatureB64: string): boolean {
  try {
    return createVerify('sha256').update(hubSignatureBytes(f)).verify(publicKey, signatureB64, 'base64');
  } catch {
    return false;
  }
}
