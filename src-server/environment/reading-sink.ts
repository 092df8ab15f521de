/**
 * Where the hub's protocol adapters (MQTT, OPC UA) put what they receive, and the counters they
 * share: received, stored, repeats, applied, and refusals by typed reason. A refused payload is
 * kept and counted; nothing that arrives stops the ingest.
 */
import type { EnvironmentReading } from '../../src-shared/environment/environment-reading.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { EnvironmentService, IngestOutcome } from './environment-service.ts';

export interface IngestCounters {
  received: number;
  stored: number;
  repeats: number;
  applied: number;
  refused: Record<string, number>;
  /** Storing failed (database down): the message was not acknowledged, the broker sends it again. */
  failed: number;
}

export function newCounters(): IngestCounters {
  return { received: 0, stored: 0, repeats: 0, applied: 0, refused: {}, failed: 0 };
}

export class ReadingSink {
  readonly counters = newCounters();
  constructor(
    private readonly service: EnvironmentService,
    private readonly source: string,
  ) {}

  async accept(r: EnvironmentReading): Promise<IngestOutcome> {
    this.counters.received++;
    const o = await this.service.ingest(r, this.source);
    if (o.stored) this.counters.stored++;
    else this.counters.repeats++;
    if (o.applied) this.counters.applied++;
    return o;
  }

  /** Readings in one transaction (the MQTT ingest's batches), counted as one by one. */
  async acceptMany(readings: readonly EnvironmentReading[]): Promise<IngestOutcome[]> {
    this.counters.received += readings.length;
    const outcomes = await this.service.ingestMany(readings, this.source);
    for (const o of outcomes) {
      if (o.stored) this.counters.stored++;
      else this.counters.repeats++;
      if (o.applied) this.counters.applied++;
    }
    return outcomes;
  }

  async refuse(topic: string | null, payload: string | null, error: BatchlineError): Promise<void> {
    this.counters.received++;
    const key = typeof error.details?.reason === 'string' ? `${error.code}:${error.details.reason}` : error.code;
    this.counters.refused[key] = (this.counters.refused[key] ?? 0) + 1;
    await this.service.refuse(this.source, topic, payload, error);
  }
}
