/**
 * Equipment signals over OPC UA at the hub (issue 13 item 3), node-opcua as the client, as the
 * environment ingest does (src-server/environment/opcua-ingest.ts). Per equipment, configured
 * node ids: its state (a String: running, idle, down or down:<reason>), its count (a cumulative
 * counter of all units or of good units) and its rejects (cumulative). A data change is applied at
 * its source timestamp; a bad status, a value that is neither a state nor a whole count, or a
 * missing source timestamp is refused (EQUIPMENT_SIGNAL_INVALID with its reason), kept and
 * counted, and the subscription goes on. Changes are applied one at a time, in the order the
 * server sent them.
 *
 * Reconnects: the client reconnects by itself (node-opcua's connection strategy), reactivates
 * its session (the server's queued notifications are then republished) or re-creates the
 * subscription, whose first notification is each variable's current value and source time. So a
 * state change the server still reports arrives, dated when it happened; a count made while the
 * hub was cut off is in the next counter value (cumulative), and a value seen twice changes nothing.
 */
import { AttributeIds, ClientMonitoredItem, ClientSubscription, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, TimestampsToReturn, type ClientSession, type DataValue } from 'node-opcua';
import { parseCounterValue, parseStateValue } from '../../src-shared/equipment/oee-contract.ts';
import type { BatchlineError, Result } from '../../src-shared/result.ts';
import type { CounterName, EquipmentSignalService, SignalOutcome } from './signals-service.ts';

export interface EquipmentOpcuaPoint {
  equipmentId: string;
  stateNodeId?: string;
  countNodeId?: string;
  /** What the count variable counts (default: every unit). */
  counter?: 'total' | 'good';
  rejectNodeId?: string;
  /** The counters' width when they wrap (65536 for UInt16, 4294967296 for UInt32); null: they never wrap. */
  counterModulus?: number | null;
}

export interface EquipmentOpcuaOptions {
  endpointUrl: string;
  points: EquipmentOpcuaPoint[];
  samplingIntervalMs?: number;
}

export interface SignalCounters {
  received: number;
  applied: number;
  repeats: number;
  /** Refused, by `<code>:<reason>` (stale signals under EQUIPMENT_SIGNAL_STALE). */
  refused: Record<string, number>;
  /** Storing failed (database down). */
  failed: number;
}

export interface EquipmentOpcuaIngest {
  counters: SignalCounters;
  /** Resolves when every change received so far is applied. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

type Signal = { kind: 'state' } | { kind: 'counter'; counter: CounterName };

/** Connects, subscribes and resolves once the subscription is made (tests, and whoever must know). */
export async function startEquipmentOpcuaIngest(service: EquipmentSignalService, options: EquipmentOpcuaOptions): Promise<EquipmentOpcuaIngest> {
  const ingest = openEquipmentOpcuaIngest(service, options);
  await ingest.ready;
  return ingest;
}

/**
 * Starts connecting at once and returns: `ready` settles when subscribed (or when the first
 * connection gives up); `close` works at any time, also while the client is still trying to reach
 * a server that is down (the hub's start must not wait for a PLC, nor its stop hang on one).
 */
export function openEquipmentOpcuaIngest(service: EquipmentSignalService, options: EquipmentOpcuaOptions): EquipmentOpcuaIngest & { ready: Promise<void> } {
  const source = `opcua:${options.endpointUrl}`;
  const counters: SignalCounters = { received: 0, applied: 0, repeats: 0, refused: {}, failed: 0 };
  let chain: Promise<void> = Promise.resolve();
  let session: ClientSession | null = null;
  let subscription: ClientSubscription | null = null;
  let closing = false;
  const client = OPCUAClient.create({
    applicationName: 'Batchline hub equipment signals',
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { initialDelay: 200, maxDelay: 2000, maxRetry: Number.MAX_SAFE_INTEGER },
    keepSessionAlive: true,
  });

  const refuse = async (point: EquipmentOpcuaPoint, nodeId: string, value: string | null, e: BatchlineError) => {
    const key = typeof e.details?.reason === 'string' ? `${e.code}:${e.details.reason}` : e.code;
    counters.refused[key] = (counters.refused[key] ?? 0) + 1;
    await service.refuse(source, point.equipmentId, nodeId, value, e);
  };
  const take = async (point: EquipmentOpcuaPoint, nodeId: string, signal: Signal, dv: DataValue): Promise<void> => {
    counters.received++;
    const value: unknown = dv.value?.value;
    const shown = value === null || value === undefined ? null : String(value);
    const invalid = (reason: string, message: string): BatchlineError => ({ code: 'EQUIPMENT_SIGNAL_INVALID', message: `${point.equipmentId} ${nodeId}: ${message}`, details: { reason, equipmentId: point.equipmentId } });
    if (dv.statusCode.value !== StatusCodes.Good.value) return refuse(point, nodeId, shown, invalid('bad-status', `status ${dv.statusCode.name}`));
    if (!dv.sourceTimestamp) return refuse(point, nodeId, shown, invalid('invalid-field', 'no source timestamp'));
    let done: Result<SignalOutcome>;
    if (signal.kind === 'state') {
      const s = parseStateValue(value);
      if (!s.ok) return refuse(point, nodeId, shown, { ...s.error, details: { ...s.error.details, equipmentId: point.equipmentId } });
      done = await service.applyState(point.equipmentId, s.value.state, s.value.reason, dv.sourceTimestamp, source);
    } else {
      const n = parseCounterValue(value);
      if (!n.ok) return refuse(point, nodeId, shown, { ...n.error, details: { ...n.error.details, equipmentId: point.equipmentId } });
      done = await service.applyCounter(point.equipmentId, signal.counter, n.value, dv.sourceTimestamp, point.counterModulus ?? null, source);
    }
    if (!done.ok) return refuse(point, nodeId, shown, done.error);
    if (done.value.repeat) counters.repeats++;
    if (done.value.applied) counters.applied++;
  };
  const monitor = (sub: ClientSubscription, point: EquipmentOpcuaPoint, nodeId: string | undefined, signal: Signal) => {
    if (!nodeId) return;
    const item = ClientMonitoredItem.create(sub, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: options.samplingIntervalMs ?? 50, discardOldest: false, queueSize: 1000 }, TimestampsToReturn.Both);
    item.on('changed', (dv: DataValue) => {
      chain = chain.then(() => take(point, nodeId, signal, dv)).catch(() => void counters.failed++);
    });
  };
  const ready = (async () => {
    await client.connect(options.endpointUrl);
    if (closing) return;
    session = await client.createSession();
    const sub = ClientSubscription.create(session, { requestedPublishingInterval: 100, requestedLifetimeCount: 600, requestedMaxKeepAliveCount: 20, maxNotificationsPerPublish: 1000, publishingEnabled: true, priority: 10 });
    subscription = sub;
    for (const p of options.points) {
      monitor(sub, p, p.stateNodeId, { kind: 'state' });
      monitor(sub, p, p.countNodeId, { kind: 'counter', counter: p.counter ?? 'total' });
      monitor(sub, p, p.rejectNodeId, { kind: 'counter', counter: 'reject' });
    }
  })();
  return {
    counters,
    ready,
    drained: () => chain,
    async close() {
      closing = true;
      try {
        await subscription?.terminate();
        await session?.close();
      } finally {
        await client.disconnect();
      }
      await ready.catch(() => undefined);
    },
  };
}
