import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { AppSettings } from './guests/app.js';

/** The runtimes the guest apps run on, besides Node. */
export type Runtime = 'bun' | 'deno' | 'workerd';

const require = createRequire(import.meta.url);
const platform = `${process.platform}-${process.arch}`;

/**
 * The runtime's binary, from the npm platform package its npm package
 * brings (`pnpm install` runs no postinstall for bun, deno or workerd).
 */
export function runtimeBinary(runtime: Runtime): string {
  const from = (pkg: string) => createRequire(require.resolve(`${pkg}/package.json`));
  const binaries: Record<string, Record<Runtime, () => string>> = {
    'linux-x64': {
      bun: () => from('bun').resolve('@oven/bun-linux-x64/bin/bun'),
      deno: () => from('deno').resolve('@deno/linux-x64-glibc/deno'),
      workerd: () => require('workerd').default as string,
    },
  };
  const find = binaries[platform]?.[runtime];
  if (find === undefined)
    throw new Error(`no ${runtime} binary is mapped for ${platform} in this test support`);
  return find();
}

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const workspace: Record<string, string> = {
  '@cloud-token/core': 'packages/core/src/index.ts',
  '@cloud-token/core/adapter': 'packages/core/src/adapter.ts',
  '@cloud-token/hono': 'packages/hono/src/index.ts',
};

/** Bundles a guest entry (`guests/bun.ts`, `deno.ts`, `worker.ts`) with Hono and the core's sources into `dir`. */
export async function bundleGuest(runtime: Runtime, dir: string): Promise<string> {
  const outfile = join(dir, `${runtime}.mjs`);
  await build({
    entryPoints: [
      fileURLToPath(
        new URL(`./guests/${runtime === 'workerd' ? 'worker' : runtime}.ts`, import.meta.url),
      ),
    ],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: runtime === 'workerd' ? ['workerd', 'worker', 'browser'] : [],
    external: ['node:*', 'cloudflare:*'],
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-sources',
        setup(build) {
          build.onResolve({ filter: /^@cloud-token\/(core|core\/adapter|hono)$/ }, ({ path }) => ({
            path: join(root, workspace[path] as string),
          }));
        },
      },
    ],
  });
  return outfile;
}

/** A guest app listening on loopback. */
export interface Guest {
  readonly url: string;
  /** Stops the runtime and waits for it to exit. */
  close(): Promise<void>;
}

/** Starts `bundle` on `runtime` with the app's settings; resolves once it listens. */
export async function startGuest(
  runtime: Runtime,
  bundle: string,
  setup: AppSettings,
): Promise<Guest> {
  const env = {
    TOKEN_URL: setup.tokenUrl,
    CLIENT_ID: setup.clientId,
    CLIENT_SECRET: setup.clientSecret,
    BASE_URL: setup.baseUrl,
    PROXY_TARGET: setup.proxyTarget,
  };
  const dir = await mkdtemp(join(tmpdir(), `cloud-token-${runtime}-`));
  const binary = runtimeBinary(runtime);
  let child: ChildProcess;
  if (runtime === 'workerd') {
    // workerd embeds files relative to its configuration; the settings come from its environment.
    await copyFile(bundle, join(dir, 'worker.mjs'));
    await copyFile(
      fileURLToPath(new URL('./guests/worker.capnp', import.meta.url)),
      join(dir, 'worker.capnp'),
    );
    child = spawn(binary, ['serve', join(dir, 'worker.capnp'), '--control-fd=3'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
  } else {
    const args =
      runtime === 'bun'
        ? ['--no-install', '--no-env-file', bundle]
        : [
            'run',
            '--cached-only',
            '--no-config',
            '--unstable-no-legacy-abort',
            '--allow-net=127.0.0.1',
            '--allow-env',
            bundle,
          ];
    child = spawn(binary, args, {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        DENO_DIR: dir,
        DENO_NO_UPDATE_CHECK: '1',
        DO_NOT_TRACK: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const handshake = runtime === 'workerd' ? child.stdio[3] : child.stdout;
  if (runtime === 'workerd') child.stdout?.resume();
  const lines = createInterface({ input: handshake as NodeJS.ReadableStream });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // workerd waits for requests in flight on SIGTERM; SIGINT stops it at once.
      child.kill(runtime === 'workerd' ? 'SIGINT' : 'SIGTERM');
      await exited;
    }
    lines.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      lines.on('line', (line) => {
        const port =
          runtime === 'workerd'
            ? (JSON.parse(line) as { event?: string; port?: number }).port
            : /^LISTENING (\d+)$/.exec(line)?.[1];
        if (port !== undefined) resolve(Number(port));
      });
      exited.then(([code]) =>
        reject(new Error(`${runtime} exited (${code}) before listening: ${stderr}`)),
      );
    });
    return { url: `http://127.0.0.1:${port}`, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
