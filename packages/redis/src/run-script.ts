import type { LuaScript } from './lua-scripts.js';
import type { RedisConnection } from './redis-connection.js';

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs `script` by `EVALSHA`; only when Redis answers `NOSCRIPT` (a restart,
 * a failover, `SCRIPT FLUSH`) does it send the body, by `EVAL`, which also
 * caches it again. `EVAL` names the same keys, so a cluster routes it to the
 * same node, where `SCRIPT LOAD` would go to any node.
 */
export async function runScript(
  connection: RedisConnection,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const [first = ''] = keys;
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await connection.send(first, ['EVALSHA', script.sha, ...tail]);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return await connection.send(first, ['EVAL', script.body, ...tail]);
  }
}
