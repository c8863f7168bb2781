/**
 * Waits for the next event of a typed emitter that passes `accept`, so tests
 * await what happens instead of sleeping.
 */
import type { EventEmitter } from 'node:events';

export function nextEvent<T extends { [E in keyof T]: unknown[] }, K extends keyof T & string>(
  emitter: EventEmitter<T>,
  name: K,
  accept: (...args: T[K]) => boolean = () => true,
): Promise<T[K]> {
  const untyped = emitter as unknown as EventEmitter;
  return new Promise((resolve) => {
    const listener = (...args: unknown[]): void => {
      if (!accept(...(args as T[K]))) return;
      untyped.off(name, listener);
      resolve(args as T[K]);
    };
    untyped.on(name, listener);
  });
}
