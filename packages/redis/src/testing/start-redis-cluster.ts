import { freePort, redisCli, waitUntil } from './redis-process.js';
import { type RedisServer, startRedisServer } from './start-redis-server.js';

/** A real Redis Cluster on loopback ports that the calling test owns. */
export interface RedisCluster {
  /** Every node, masters and replicas, in the order they were started. */
  readonly nodes: readonly RedisServer[];
  /** Where a cluster client starts: `[{ host: '127.0.0.1', port }]` for every node. */
  readonly rootNodes: readonly { host: string; port: number }[];
  /** The port of the master that serves `key`'s hash slot now. */
  masterOf(key: string): Promise<number>;
  /**
   * Promotes a replica of the master that serves `key` with `CLUSTER FAILOVER`
   * (a planned failover: the old master becomes its replica) and resolves
   * once every node agrees; resolves with the new master's port.
   */
  failover(key: string): Promise<number>;
  /**
   * Moves `key`'s hash slot, with its keys, to another master (`CLUSTER
   * SETSLOT … IMPORTING/MIGRATING`, `MIGRATE`, `SETSLOT … NODE`), as a
   * resharding does; resolves with the new master's port.
   */
  migrateSlot(key: string): Promise<number>;
  /** Empties every master (`FLUSHALL`), whichever nodes are masters now. */
  flushAll(): Promise<void>;
  /** Stops every node for good. */
  stop(): Promise<void>;
}

/** How many nodes {@link startRedisCluster} starts. */
export interface RedisClusterOptions {
  /** Masters sharing the 16384 slots (at least 3, Redis's minimum); 3 by default. */
  readonly masters?: number;
  /** Replicas of every master; 1 by default (0: no failover possible). */
  readonly replicasPerMaster?: number;
}

interface ClusterNode {
  id: string;
  port: number;
  master: boolean;
  masterId: string;
  slots: string[];
}

function parseNodes(text: string): ClusterNode[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id = '', address = '', flags = '', masterId = '', , , , , ...slots] = line
        .trim()
        .split(' ');
      return {
        id,
        port: Number(address.split('@')[0]?.split(':')[1]),
        master: flags.split(',').includes('master'),
        masterId,
        slots,
      };
    });
}

function servesSlot(node: ClusterNode, slot: number): boolean {
  return node.slots.some((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return from !== undefined && to !== undefined && slot >= from && slot <= to;
  });
}

/**
 * Starts a Redis Cluster: `masters × (1 + replicasPerMaster)` `redis-server
 * --cluster-enabled yes` nodes on free loopback ports, joined by `redis-cli
 * --cluster create … --cluster-yes`, and waits until every node reports
 * `cluster_state:ok` and every replica is in sync.
 *
 * @example
 * ```ts
 * import { startRedisCluster } from '@cloud-token/redis/testing';
 *
 * const cluster = await startRedisCluster();
 * const client = new Cluster([...cluster.rootNodes]);
 * await cluster.failover('{my-key}:token');
 * client.disconnect();
 * await cluster.stop();
 * ```
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  if (!Number.isInteger(masters) || masters < 3) {
    throw new RangeError('A Redis Cluster needs at least 3 masters');
  }
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let index = 0; index < masters * (1 + replicas); index++) {
      nodes.push(
        await startRedisServer({
          args: [
            '--cluster-enabled',
            'yes',
            // The bus port is chosen free too: port + 10000 may be taken or out of range.
            '--cluster-port',
            String(await freePort()),
            '--cluster-node-timeout',
            '2000',
            '--cluster-announce-ip',
            '127.0.0.1',
          ],
        }),
      );
    }
    await redisCli(nodes[0]?.port ?? 0, [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  const view = async (port: number) => parseNodes(await redisCli(port, ['CLUSTER', 'NODES']));
  const settled = async () => {
    for (const node of nodes) {
      const info = await redisCli(node.port, ['CLUSTER', 'INFO']);
      if (!info.includes('cluster_state:ok')) return false;
      const known = await view(node.port);
      if (known.filter((entry) => entry.master).length !== masters) return false;
      if (known.filter((entry) => !entry.master).length !== masters * replicas) return false;
      const self = await redisCli(node.port, ['INFO', 'replication']);
      if (self.includes('role:slave') && !self.includes('master_link_status:up')) return false;
    }
    return true;
  };
  // Each look runs redis-cli on every node: every 100 ms, not to load the machine it tests on.
  const waitSettled = () => waitUntil(settled, 'the cluster did not settle', 600, 100);
  await waitSettled().catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const slotOf = async (key: string) =>
    Number((await redisCli(nodes[0]?.port ?? 0, ['CLUSTER', 'KEYSLOT', key])).trim());
  const ownerOf = async (slot: number) => {
    const owner = (await view(nodes[0]?.port ?? 0)).find(
      (node) => node.master && servesSlot(node, slot),
    );
    if (owner === undefined) throw new Error(`Redis: no master serves slot ${slot}`);
    return owner;
  };
  const everyNodeSays = (slot: number, port: number) =>
    waitUntil(
      async () => {
        for (const node of nodes) {
          const owner = (await view(node.port)).find(
            (entry) => entry.master && servesSlot(entry, slot),
          );
          if (owner?.port !== port) return false;
        }
        return true;
      },
      `not every node sees slot ${slot} on port ${port}`,
      600,
      100,
    );

  return {
    nodes,
    rootNodes: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    masterOf: async (key) => (await ownerOf(await slotOf(key))).port,
    async failover(key) {
      const slot = await slotOf(key);
      const owner = await ownerOf(slot);
      const replica = (await view(owner.port)).find(
        (node) => !node.master && node.masterId === owner.id,
      );
      if (replica === undefined) throw new Error('Redis: that master has no replica to promote');
      await redisCli(replica.port, ['CLUSTER', 'FAILOVER']);
      await everyNodeSays(slot, replica.port);
      await waitSettled();
      return replica.port;
    },
    async migrateSlot(key) {
      const slot = await slotOf(key);
      const source = await ownerOf(slot);
      const target = (await view(source.port)).find((node) => node.master && node.id !== source.id);
      if (target === undefined) throw new Error('Redis: no other master');
      await redisCli(target.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', source.id]);
      await redisCli(source.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id]);
      for (;;) {
        const keys = (
          await redisCli(source.port, ['CLUSTER', 'GETKEYSINSLOT', String(slot), '100'])
        )
          .split('\n')
          .filter((line) => line.length > 0);
        if (keys.length === 0) break;
        await redisCli(source.port, [
          'MIGRATE',
          '127.0.0.1',
          String(target.port),
          '',
          '0',
          '5000',
          'KEYS',
          ...keys,
        ]);
      }
      for (const port of [target.port, source.port]) {
        await redisCli(port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', target.id]);
      }
      await everyNodeSays(slot, target.port);
      return target.port;
    },
    async flushAll() {
      const current = await view(nodes[0]?.port ?? 0);
      for (const node of current.filter((entry) => entry.master)) {
        await redisCli(node.port, ['FLUSHALL']);
      }
    },
    stop,
  };
}
