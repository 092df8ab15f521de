import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hostStatusReply } from '../devices/label/zpl-host-status.testkit.ts';
import type { LabelContent } from '../core/engine/label-port.ts';
import type { LabelTransport, PrintDelivery } from '../devices/label/label-transport.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';
import type { PrinterSetting } from '../../src-shared/settings/station-settings.ts';
import { transportForPrinter, zplLabelPort } from './zpl-label-port.ts';

const PRINTER: PrinterSetting = { id: 'PRN-01', kind: 'zpl-tcp', address: '10.0.0.5', labelWidthMm: 100, labelHeightMm: 70 };

const portion: LabelContent = {
  kind: 'dispensed-material',
  batchNumber: 'B-1',
  product: 'PARA500',
  productName: 'Paracetamol 500 mg',
  labelledAt: '2026-03-02T09:00:00+08:00',
  material: 'API-PARA',
  materialName: 'Paracetamol',
  lotId: 'LOT-1',
  lotNumber: 'P2401',
  expiry: '2027-01-31',
  gtin: null,
  dispensedBy: 'Li Wei',
  containerId: 'C-001',
  net: '1.2345 kg',
};
const kit: LabelContent = { kind: 'batch-status', batchNumber: 'B-1', product: 'PARA500', productName: 'Paracetamol 500 mg', booth: 'BOOTH-A', labelledAt: '2026-03-02T09:00:00+08:00' };

function recorder(result: Result<PrintDelivery> = ok({ confirmation: 'status' })): LabelTransport & { sent: Buffer[] } {
  const sent: Buffer[] = [];
  return { description: 'fake', sent, send: async (b) => (sent.push(b), result) };
}

describe('zplLabelPort', () => {
  it('sends every label of the step as one job, a batch-status label as text', async () => {
    const t = recorder();
    const r = unwrap(await zplLabelPort({ printers: () => [PRINTER], mode: 'production', transportFor: () => t }).print([portion, kit]));
    expect(r).toMatchObject({ printerId: 'PRN-01', printerAddress: 'fake' });
    const zpl = t.sent[0]!.toString('utf8');
    expect(zpl.match(/\^XA/g)).toHaveLength(2);
    expect(zpl).toContain('Net: 1.2345 kg');
    expect(zpl).toContain('Booth: BOOTH-A');
  });

  it('refuses a label whose content does not validate before a byte reaches the printer', async () => {
    const t = recorder();
    const r = await zplLabelPort({ printers: () => [PRINTER], mode: 'production', transportFor: () => t }).print([{ ...portion, net: 'twelve' }]);
    expect(r.ok ? 'printed' : r.error.code).toBe('LABEL_FIELD_INVALID');
    expect(t.sent).toHaveLength(0);
  });

  it('passes a printer fault on with the printer named', async () => {
    const t = recorder(err('DEVICE_TIMEOUT', 'no answer'));
    const r = await zplLabelPort({ printers: () => [PRINTER], mode: 'production', transportFor: () => t }).print([portion]);
    expect(r.ok ? null : [r.error.code, r.error.details?.printerId]).toEqual(['DEVICE_TIMEOUT', 'PRN-01']);
  });

  it('previews in training even with a printer configured', async () => {
    const t = recorder();
    const r = unwrap(await zplLabelPort({ printers: () => [PRINTER], mode: 'training', transportFor: () => t }).print([portion, kit]));
    expect(r).toMatchObject({ printerId: null, preview: true });
    expect('pngSha256' in r ? r.pngSha256 : []).toHaveLength(2);
    expect(t.sent).toHaveLength(0);
  });

  it('reads a port or baud rate from the printer address', () => {
    expect(transportForPrinter(PRINTER).description).toBe('tcp://10.0.0.5:9100');
    expect(transportForPrinter({ ...PRINTER, address: 'zebra-a.plant:6101' }).description).toBe('tcp://zebra-a.plant:6101');
    expect(transportForPrinter({ ...PRINTER, kind: 'zpl-serial', address: '/dev/ttyUSB0:19200' }).description).toBe('serial:/dev/ttyUSB0');
  });

  it('FR-145 the receipt says how the print is known, as the transport said', async () => {
    for (const confirmation of ['status', 'sent'] as const) {
      const r = unwrap(await zplLabelPort({ printers: () => [PRINTER], mode: 'production', transportFor: () => recorder(ok({ confirmation })) }).print([portion]));
      expect(r).toMatchObject({ printerId: 'PRN-01', confirmation });
    }
  });

  it('FR-145 the printer setting statusCheck reaches the station\'s own transport: "none" asks nothing (a paper-out answer is never read), absent asks ~HS', async () => {
    let queries = 0;
    const server = createServer((sock) => {
      sock.on('data', (d) => {
        if (d.includes('~HS')) {
          queries++;
          sock.write(hostStatusReply({ paperOut: true }));
        }
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await transportForPrinter({ ...PRINTER, address, statusCheck: 'none' }).send(Buffer.from('^XA^XZ'))).toEqual({ ok: true, value: { confirmation: 'sent' } });
      expect(queries).toBe(0);
      const asked = await transportForPrinter({ ...PRINTER, address }).send(Buffer.from('^XA^XZ'));
      expect(asked.ok ? 'printed' : asked.error.code).toBe('LABEL_PRINTER_FAULT');
      expect(queries).toBe(1);
    } finally {
      server.close();
    }
  });
});
