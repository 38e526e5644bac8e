import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outageLog } from '../src/outage-log.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import type { RedisSubscriber } from '../src/types.js';
import { wakeUps } from '../src/wake-ups.js';
import { waitFor } from './support/wait-for.js';

let server: RedisServer;
let publisher: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  publisher = new Redis(server.url);
});
afterAll(async () => {
  publisher.disconnect();
  await server.stop();
});

/** An application's subscriber factory over ioredis, counting what it opens. */
function subscriberFactory(opened: Redis[], failFirst = 0) {
  let failures = failFirst;
  return async (): Promise<RedisSubscriber> => {
    if (failures-- > 0) throw new Error('no subscriber today');
    const sub = new Redis(server.url);
    sub.on('error', () => {});
    opened.push(sub);
    const listeners = new Map<string, () => void>();
    sub.on('message', (channel: string) => listeners.get(channel)?.());
    return {
      subscribe: async (channel, onMessage) => {
        listeners.set(channel, onMessage);
        await sub.subscribe(channel);
      },
      unsubscribe: async (channel) => {
        listeners.delete(channel);
        await sub.unsubscribe(channel);
      },
      close: async () => sub.disconnect(),
    };
  };
}

const subscribers = async (channel: string) =>
  Number(((await publisher.call('PUBSUB', 'NUMSUB', channel)) as unknown[])[1]);

describe('wake-ups', () => {
  it('opens one connection for every channel, subscribes once per channel, unsubscribes after the last listener', async () => {
    const opened: Redis[] = [];
    const wakes = wakeUps(subscriberFactory(opened), 1_000, outageLog(undefined));
    const seen: string[] = [];
    const stopA1 = wakes.listen('ch:a', () => seen.push('a1'));
    const stopA2 = wakes.listen('ch:a', () => {
      throw new Error('a listener that throws does not stop the others');
    });
    const stopA3 = wakes.listen('ch:a', () => seen.push('a3'));
    const stopB = wakes.listen('ch:b', () => seen.push('b'));
    await waitFor(async () => (await subscribers('ch:a')) === 1, 'the subscription');
    await waitFor(async () => (await subscribers('ch:b')) === 1, 'the subscription');
    expect(opened).toHaveLength(1);

    await publisher.publish('ch:a', '1');
    await waitFor(() => seen.length === 2, 'the wake-ups');
    expect(seen.sort()).toEqual(['a1', 'a3']);

    stopA1();
    stopA2();
    expect(await subscribers('ch:a')).toBe(1);
    stopA3();
    await waitFor(async () => (await subscribers('ch:a')) === 0, 'the unsubscription');
    stopB();
    await wakes.close();
    await waitFor(async () => (await subscribers('ch:b')) === 0, 'the connection to close');
  });

  it('a subscriber that cannot be opened costs only the wake-up, logged once; the next listener tries again', async () => {
    const opened: Redis[] = [];
    const lines: string[] = [];
    const outages = outageLog({ warn: (message) => lines.push(message), info: () => {} });
    const wakes = wakeUps(subscriberFactory(opened, 1), 1_000, outages);
    const stop1 = wakes.listen('ch:c', () => {});
    const stop2 = wakes.listen('ch:d', () => {});
    await waitFor(() => lines.length > 0, 'the failure to be reported');
    stop1();
    stop2();
    let woken = false;
    const stop3 = wakes.listen('ch:c', () => {
      woken = true;
    });
    await waitFor(async () => (await subscribers('ch:c')) === 1, 'a new subscription');
    await publisher.publish('ch:c', '1');
    await waitFor(() => woken, 'the wake-up');
    stop3();
    await wakes.close();
    expect(lines).toHaveLength(1);
    expect(opened).toHaveLength(1);
  });
});
