/** The ZPL renderer lives in src-shared (the hub prints sample labels with it too). */
export { renderZpl, zplFieldHex, zplGs1DataMatrixData, type ZplOptions } from '../../../src-shared/labels/zpl.ts';
