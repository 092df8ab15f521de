/** A room with limits for the environment tests (hub and station), and reading builders. */
import { randomBytes } from 'node:crypto';
import type { EnvironmentReading, Quantity } from '../../src-shared/environment/environment-reading.ts';
import { QUANTITY_UNITS } from '../../src-shared/environment/environment-reading.ts';
import { RoomSchema, type Room } from '../../src-shared/master-data/room.ts';

export function roomWithLimits(roomId: string): Room {
  return RoomSchema.parse({
    roomId,
    name: `Dispensing room ${roomId}`,
    limits: [
      { quantity: 'temperature', alert: { low: 18, high: 23 }, action: { low: 15, high: 25 }, hysteresis: 0.5, debounceReadings: 1 },
      { quantity: 'differential-pressure', alert: { low: 12, high: null }, action: { low: 10, high: null }, hysteresis: 1, debounceReadings: 1 },
    ],
  });
}

/** A topic root of its own per test: others share the broker. */
export const uniqueRoot = (): string => `test/${randomBytes(6).toString('hex')}/env`;

export function reading(room: string, quantity: Quantity, value: number, at: Date | number): EnvironmentReading {
  return { room, quantity, value, unit: QUANTITY_UNITS[quantity], time: new Date(at).toISOString() };
}
