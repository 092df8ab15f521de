/**
 * A real node-opcua server on loopback for the equipment-signal tests: per equipment a String
 * state variable (`s=<id>.state`) and UInt32 count and reject counters (`s=<id>.count`,
 * `s=<id>.reject`), each written with a source timestamp and a status. They start Uncertain.
 */
import { DataType, OPCUAServer, StatusCode, StatusCodes, Variant, type UAVariable } from 'node-opcua';

export type EquipmentVariable = 'state' | 'count' | 'reject';

export interface OpcuaEquipmentServer {
  port: number;
  endpointUrl: string;
  resourcePath: string;
  nodeId(equipmentId: string, variable: EquipmentVariable): string;
  write(equipmentId: string, variable: EquipmentVariable, value: string | number, at: Date, status?: StatusCode): void;
  close(): Promise<void>;
}

export async function startOpcuaEquipmentServer(equipmentIds: string[]): Promise<OpcuaEquipmentServer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const resourcePath = '/UA/equipment';
  const server = new OPCUAServer({ port, hostname: '127.0.0.1', resourcePath, allowAnonymous: true, buildInfo: { productName: 'Batchline equipment test server' } });
  await server.initialize();
  const space = server.engine.addressSpace!;
  const ns = space.getOwnNamespace();
  const vars = new Map<string, UAVariable>();
  const type = (v: EquipmentVariable) => (v === 'state' ? DataType.String : DataType.UInt32);
  for (const id of equipmentIds) {
    const folder = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: id });
    for (const v of ['state', 'count', 'reject'] as const) {
      const initial = new Variant({ dataType: type(v), value: v === 'state' ? '' : 0 });
      const node = ns.addVariable({ componentOf: folder, browseName: v, nodeId: `s=${id}.${v}`, dataType: v === 'state' ? 'String' : 'UInt32', value: initial });
      node.setValueFromSource(initial, StatusCodes.UncertainInitialValue, new Date(0));
      vars.set(`${id}.${v}`, node);
    }
  }
  await server.start();
  return {
    port,
    resourcePath,
    endpointUrl: `opc.tcp://127.0.0.1:${port}${resourcePath}`,
    nodeId: (id, v) => `ns=${ns.index};s=${id}.${v}`,
    write(id, v, value, at, status = StatusCodes.Good) {
      vars.get(`${id}.${v}`)!.setValueFromSource(new Variant({ dataType: type(v), value }), status, at);
    },
    close: () => server.shutdown(0),
  };
}
