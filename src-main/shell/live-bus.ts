/**
 * Fan-out of live events (balance readings, device state, serial scans) from the station to
 * every attached screen: WebSocket clients in web mode, the window's IPC channel in Electron.
 * A slow or failing subscriber is dropped, never allowed to stall a balance driver.
 */
import type { LiveEvent } from '../../src-shared/api/live-events.ts';

export type LiveSubscriber = (event: LiveEvent) => void;

export class LiveBus {
  private readonly subscribers = new Set<LiveSubscriber>();

  subscribe(s: LiveSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  publish(event: LiveEvent): void {
    for (const s of this.subscribers) {
      try {
        s(event);
      } catch {
        this.subscribers.delete(s);
      }
    }
  }

  get size(): number {
    return this.subscribers.size;
  }
}
