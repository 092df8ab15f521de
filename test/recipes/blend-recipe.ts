/**
 * The seed's blending step as recipe content (issue 14): add A, B and C in order (10, 5 and 20 kg),
 * blend at 25 ± 2 °C, stir for 30 minutes. Content only: code, version and status are the hub's.
 */
export function blendRecipe(opts: { product?: string; materials?: [string, string, string] } = {}): Record<string, unknown> {
  const [a, b, c] = opts.materials ?? ['API-PARA', 'EXC-MCC', 'EXC-LAC'];
  const kg = (amount: string) => ({ amount, unit: 'kg' });
  return {
    name: 'Blend A, B and C',
    product: { code: opts.product ?? 'FG-PARA500', name: 'Paracetamol 500 mg tablets' },
    baseBatchSize: kg('35.000'),
    materialLines: [],
    unitProcedures: [
      {
        unitProcedureId: 'UP-BLEND',
        name: 'Blending',
        operations: [
          {
            operationId: 'OP-ADD',
            name: 'Add the materials',
            steps: [
              { stepId: 'S1', type: 'instruction', name: `Add ${a}`, instruction: `Add 10 kg of ${a} to the blender` },
              { stepId: 'S2', type: 'instruction', name: `Add ${b}`, instruction: `Add 5 kg of ${b} to the blender` },
              { stepId: 'S3', type: 'instruction', name: `Add ${c}`, instruction: `Add 20 kg of ${c} to the blender` },
            ],
          },
          {
            operationId: 'OP-MIX',
            name: 'Blend',
            steps: [
              { stepId: 'S4', type: 'parameter', name: 'Blend temperature', instruction: 'Read the blend temperature', parameter: { name: 'temperature', unit: '°C', min: '23', max: '27', decimals: 1 }, signatures: { performed: true, verified: false } },
              { stepId: 'S5', type: 'instruction', name: 'Stir', instruction: 'Stir for 30 minutes' },
            ],
          },
        ],
      },
    ],
  };
}
