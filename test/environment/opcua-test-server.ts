/**
 * A real node-opcua server on loopback for the environment tests: one Double variable per room
 * and quantity (node id `s=<room>.<quantity>`), written with a source timestamp and a status.
 */
import { DataType, OPCUAServer, StatusCode, StatusCodes, Variant, type UAVariable } from 'node-opcua';

export interface OpcuaTestServer {
  endpointUrl: string;
  nodeId(room: string, quantity: string): string;
  write(room: string, quantity: string, value: number, at: Date, status?: StatusCode): void;
  close(): Promise<void>;
}

export async function startOpcuaTestServer(points: { room: string; quantity: string }[]): Promise<OpcuaTestServer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = new OPCUAServer({ port, hostname: '127.0.0.1', resourcePath: '/UA/environment', allowAnonymous: true, buildInfo: { productName: 'Batchline environment test server' } });
  await server.initialize();
  const space = server.engine.addressSpace!;
  const ns = space.getOwnNamespace();
  const vars = new Map<string, UAVariable>();
  const nodeId = (room: string, quantity: string) => `ns=${ns.index};s=${room}.${quantity}`;
  for (const p of points) {
    const folder = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: `${p.room}-${p.quantity}` });
    const v = ns.addVariable({ componentOf: folder, browseName: p.quantity, nodeId: `s=${p.room}.${p.quantity}`, dataType: 'Double', value: new Variant({ dataType: DataType.Double, value: 0 }) });
    v.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.UncertainInitialValue, new Date(0));
    vars.set(`${p.room}.${p.quantity}`, v);
  }
  await server.start();
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}/UA/environment`,
    nodeId,
    write(room, quantity, value, at, status = StatusCodes.Good) {
      vars.get(`${room}.${quantity}`)!.setValueFromSource(new Variant({ dataType: DataType.Double, value }), status, at);
    },
    close: () => server.shutdown(0),
  };
}
