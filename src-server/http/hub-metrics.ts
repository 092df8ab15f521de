/**
 * Prometheus metrics of one hub process (each process is scraped on its own; sums across
 * processes are the monitoring system's job). A registry per hub instance, so tests can run
 * several hubs in one process.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IntakeObserver } from '../sync/intake-service.ts';

export interface HubMetrics extends IntakeObserver {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  pulled(stationId: string, changes: number): void;
}

export function createHubMetrics(): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'batchline_hub_' });
  const requests = new Histogram({
    name: 'batchline_hub_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const entries = new Counter({ name: 'batchline_hub_sync_entries_accepted_total', help: 'Ledger entries verified and stored', labelNames: ['station'], registers: [registry] });
  const refusals = new Counter({ name: 'batchline_hub_sync_refusals_total', help: 'Refused pushes and station requests by code', labelNames: ['code'], registers: [registry] });
  const forks = new Counter({ name: 'batchline_hub_sync_forks_total', help: 'Forks detected (station quarantined)', labelNames: ['station'], registers: [registry] });
  const pulls = new Counter({ name: 'batchline_hub_masterdata_changes_served_total', help: 'Master-data changes served to stations', labelNames: ['station'], registers: [registry] });
  return {
    registry,
    observeRequest: (method, route, status, seconds) => requests.observe({ method, route, status: String(status) }, seconds),
    accepted: (station, n) => entries.inc({ station }, n),
    refused: (code) => refusals.inc({ code }),
    forked: (station) => forks.inc({ station }),
    pulled: (station, n) => pulls.inc({ station }, n),
  };
}
