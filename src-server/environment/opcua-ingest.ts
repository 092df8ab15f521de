/**
 * OPC UA ingest of environmental readings at the hub (issue 13 item 1), node-opcua as the client.
 * One monitored item per (room, quantity) variable; a data change becomes the same reading an
 * MQTT payload is: the variable's value (a number) at its source timestamp, in the quantity's
 * unit. A bad status, a value that is not a finite number or a missing source timestamp is
 * refused with ENV_READING_INVALID and its reason, and counted; the subscription goes on.
 * Changes are stored one at a time, in the order the server sent them. The client reconnects
 * by itself (node-opcua's connection strategy) and re-creates its subscription on the new session.
 */
import { AttributeIds, ClientMonitoredItem, ClientSubscription, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, TimestampsToReturn, type ClientSession, type DataValue } from 'node-opcua';
import { QUANTITY_UNITS, type Quantity, type ReadingRefusal } from '../../src-shared/environment/environment-reading.ts';
import type { EnvironmentService } from './environment-service.ts';
import { ReadingSink, type IngestCounters } from './reading-sink.ts';

export interface OpcuaPoint {
  nodeId: string;
  room: string;
  quantity: Quantity;
}

export interface OpcuaIngestOptions {
  endpointUrl: string;
  points: OpcuaPoint[];
  samplingIntervalMs?: number;
}

export interface OpcuaIngest {
  counters: IngestCounters;
  /** Resolves when every change received so far is stored. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function startOpcuaIngest(service: EnvironmentService, options: OpcuaIngestOptions): Promise<OpcuaIngest> {
  const sink = new ReadingSink(service, `opcua:${options.endpointUrl}`);
  let chain: Promise<void> = Promise.resolve();
  const client = OPCUAClient.create({
    applicationName: 'Batchline hub environment ingest',
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { initialDelay: 200, maxDelay: 2000, maxRetry: Number.MAX_SAFE_INTEGER },
    keepSessionAlive: true,
  });
  await client.connect(options.endpointUrl);
  const session: ClientSession = await client.createSession();
  const subscription = ClientSubscription.create(session, { requestedPublishingInterval: 100, requestedLifetimeCount: 600, requestedMaxKeepAliveCount: 20, maxNotificationsPerPublish: 1000, publishingEnabled: true, priority: 10 });
  for (const point of options.points) {
    const item = ClientMonitoredItem.create(subscription, { nodeId: point.nodeId, attributeId: AttributeIds.Value }, { samplingInterval: options.samplingIntervalMs ?? 50, discardOldest: false, queueSize: 1000 }, TimestampsToReturn.Both);
    item.on('changed', (dv: DataValue) => {
      chain = chain.then(() => take(sink, point, dv)).catch(() => void sink.counters.failed++);
    });
  }
  return {
    counters: sink.counters,
    drained: () => chain,
    async close() {
      await subscription.terminate();
      await session.close();
      await client.disconnect();
    },
  };
}

async function take(sink: ReadingSink, point: OpcuaPoint, dv: DataValue): Promise<void> {
  const value: unknown = dv.value?.value;
  const where = `${point.nodeId} (${point.room} ${point.quantity})`;
  const refuse = (reason: ReadingRefusal, message: string) =>
    sink.refuse(point.nodeId, JSON.stringify({ value: typeof value === 'number' ? value : String(value), status: dv.statusCode.name }), { code: 'ENV_READING_INVALID', message: `${where}: ${message}`, details: { reason, field: 'value' } });
  if (dv.statusCode.value !== StatusCodes.Good.value) return refuse('bad-status', `status ${dv.statusCode.name}`);
  if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('invalid-field', `value ${String(value)} is not a finite number`);
  if (!dv.sourceTimestamp) return refuse('invalid-field', 'no source timestamp');
  await sink.accept({ room: point.room, quantity: point.quantity, value, unit: QUANTITY_UNITS[point.quantity], time: dv.sourceTimestamp.toISOString() });
}
