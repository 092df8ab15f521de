/** Test support: a complete, valid dispensed-container label. */
import type { DispensedContainerLabel } from './label-data.ts';

export function sampleLabel(overrides: Partial<DispensedContainerLabel> = {}): DispensedContainerLabel {
  return {
    material: { code: 'MAT-00123', name: 'Paracetamol USP micronised' },
    lot: 'L2024-001',
    batch: 'B-7781',
    net: { amount: '12.3400', unit: 'g' },
    tare: { amount: '250.10', unit: 'g' },
    gross: { amount: '262.4400', unit: 'g' },
    dispensedBy: 'jdoe',
    verifiedBy: 'asmith',
    dispensedAt: '2025-06-30T14:05:12+08:00',
    expiry: '2026-01-31',
    gtin: '09501101530003',
    containerId: 'C_0001',
    ...overrides,
  };
}
