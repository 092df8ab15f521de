import { describe, expect, it } from 'vitest';
import { HUB_SUBJECT_KINDS, NON_BATCH_SUBJECT_KINDS } from './hub-signature-bytes.ts';
import { PacketHubSignatureSchemaV1 } from './packet-format.ts';

describe('hub signature kinds in an evidence packet', () => {
  it('P11-07 every kind of hub signature that names a batch can be carried in the batch\'s evidence packet (a new kind missing here made the packet fail its own schema)', () => {
    const carried = new Set<string>(PacketHubSignatureSchemaV1.shape.fields.shape.subjectKind.options);
    expect(HUB_SUBJECT_KINDS.filter((k) => !NON_BATCH_SUBJECT_KINDS.has(k) && !carried.has(k))).toEqual([]);
  });
});
