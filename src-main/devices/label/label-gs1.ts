/**
 * The GS1 element string of a dispensed-container label. Only what the label can say exactly:
 * (01) GTIN, (240) material code as additional product identification, (10) lot, (17) expiry,
 * (21) container id, and (310n) net weight in kg when it fits the six digits of that AI
 * without rounding (GenSpecs §3.6.2: at most 5 decimals). A net of 12.3456 g needs 7 decimals
 * in kg, so it is left out of the symbol rather than printed rounded; the text shows it exactly.
 */
import { convertMass } from '../../../src-shared/mass.ts';
import type { AiValue } from '../../../src-shared/gs1/encode-element-string.ts';
import type { DispensedContainerLabel } from './label-data.ts';

/** (310n) value for a mass, or undefined when it cannot be carried exactly. */
export function netWeightAi(net: DispensedContainerLabel['net']): AiValue | undefined {
  const kg = convertMass(net, 'kg').amount;
  const [intPart = '0', fracPart = ''] = kg.split('.');
  const frac = fracPart.replace(/0+$/, '');
  if (frac.length > 5) return undefined;
  const digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  if (digits.length > 6) return undefined;
  return { ai: `310${frac.length}`, value: digits.padStart(6, '0') };
}

export function labelElements(label: DispensedContainerLabel): AiValue[] {
  const out: AiValue[] = [];
  if (label.gtin) out.push({ ai: '01', value: label.gtin });
  const net = netWeightAi(label.net);
  if (net) out.push(net);
  if (label.expiry) out.push({ ai: '17', value: label.expiry.slice(2).replaceAll('-', '') });
  out.push({ ai: '10', value: label.lot });
  if (label.containerId) out.push({ ai: '21', value: label.containerId });
  out.push({ ai: '240', value: label.material.code });
  return out;
}
