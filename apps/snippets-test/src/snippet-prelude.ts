/**
 * A name a snippet may use without defining it, and the declaration that
 * gives it its type. Declared, never defined: the snippets are type-checked,
 * not run.
 */
export interface PreludeEntry {
  name: string;
  code: string;
}

/**
 * What the snippets take as given: the reader's own values (credentials from
 * their configuration, a vault, an app they made), and what an earlier
 * snippet of the same file already imported or created. A snippet gets an
 * entry only when it does not bind that name itself.
 */
export const snippetPrelude: {
  everywhere: readonly PreludeEntry[];
  byFile: Readonly<Record<string, readonly PreludeEntry[]>>;
  /**
   * Names a file's snippets must create themselves, each with why: the
   * prelude never gives them there, so a snippet that uses one it never
   * made fails the type check.
   */
  madeByTheSnippets: Readonly<Record<string, readonly string[]>>;
} = {
  everywhere: [
    { name: 'clientId', code: 'declare const clientId: string;' },
    { name: 'clientSecret', code: 'declare const clientSecret: string;' },
    { name: 'tokenUrl', code: 'declare const tokenUrl: string;' },
    { name: 'baseUrl', code: 'declare const baseUrl: string;' },
    { name: 'source', code: "declare const source: import('@cloud-token/core').TokenSource;" },
    {
      name: 'vault',
      code: 'declare const vault: { read(name: string, options?: { signal?: AbortSignal }): Promise<string> };',
    },
  ],
  byFile: {
    'packages/redis/README.md': [
      { name: 'redisTokenStore', code: "import { redisTokenStore } from '@cloud-token/redis';" },
      { name: 'cluster', code: "declare const cluster: import('redis').RedisClusterType;" },
      { name: 'client', code: "declare const client: import('redis').RedisClientType;" },
      { name: 'Redis', code: "import { Redis } from 'ioredis';" },
      { name: 'store', code: "declare const store: import('@cloud-token/redis').RedisTokenStore;" },
      {
        name: 'clientCredentials',
        code: "import { clientCredentials } from '@cloud-token/core';",
      },
      {
        name: 'credentials',
        code: "declare const credentials: import('@cloud-token/core').ClientCredentialsOptions;",
      },
    ],
    'packages/core/README.md': [{ name: 'http', code: "import http from 'node:http';" }],
    'packages/koa/README.md': [
      { name: 'app', code: "declare const app: import('koa');" },
      { name: 'cloudToken', code: "import { cloudToken } from '@cloud-token/koa';" },
      { name: 'sendCloudAnswer', code: "import { sendCloudAnswer } from '@cloud-token/koa';" },
      {
        name: 'options',
        code: "declare const options: import('@cloud-token/koa').KoaCloudTokenOptions;",
      },
      {
        name: 'tenants',
        code: "declare const tenants: { credentialsOf(id: string): Promise<import('@cloud-token/koa').ClientCredentialsOptions> };",
      },
    ],
    'packages/fastify/README.md': [
      { name: 'app', code: "declare const app: import('fastify').FastifyInstance;" },
      { name: 'cloudToken', code: "import { cloudToken } from '@cloud-token/fastify';" },
      { name: 'sendCloudAnswer', code: "import { sendCloudAnswer } from '@cloud-token/fastify';" },
      {
        name: 'cloudTokenReadiness',
        code: "import { cloudTokenReadiness } from '@cloud-token/fastify';",
      },
      {
        name: 'options',
        code: "declare const options: import('@cloud-token/fastify').FastifyCloudTokenOptions;",
      },
      {
        name: 'tenants',
        code: "declare const tenants: { credentialsOf(id: string): Promise<import('@cloud-token/fastify').ClientCredentialsOptions> };",
      },
    ],
    'packages/axios/README.md': [
      { name: 'api', code: "declare const api: import('axios').AxiosInstance;" },
      { name: 'alertOperators', code: 'declare function alertOperators(message: string): void;' },
      { name: 'backOff', code: 'declare function backOff(retryAfter: unknown): void;' },
    ],
    'packages/nestjs/README.md': [
      { name: 'Module', code: "import { Module } from '@nestjs/common';" },
      { name: 'Injectable', code: "import { Injectable } from '@nestjs/common';" },
      { name: 'Inject', code: "import { Inject } from '@nestjs/common';" },
      { name: 'CloudTokenModule', code: "import { CloudTokenModule } from '@cloud-token/nestjs';" },
      { name: 'firstValueFrom', code: "import { firstValueFrom } from 'rxjs';" },
      { name: 'app', code: "declare const app: import('@nestjs/common').INestApplication;" },
    ],
    'packages/express/README.md': [
      { name: 'app', code: "declare const app: import('express').Express;" },
      { name: 'getCloudToken', code: "import { getCloudToken } from '@cloud-token/express';" },
      { name: 'cloudToken', code: "import { cloudToken } from '@cloud-token/express';" },
      { name: 'sendCloudAnswer', code: "import { sendCloudAnswer } from '@cloud-token/express';" },
      {
        name: 'tenants',
        code: 'declare const tenants: { find(id: string | undefined): Promise<{ clientId: string; clientSecret: string }> };',
      },
    ],
  },
  madeByTheSnippets: {
    // The readiness probe and the shared-source recipe are copied alone: each makes its source.
    'packages/koa/README.md': ['source'],
  },
};

const escaped = (name: string): string => name.replace(/[$]/g, '\\$');

/** Whether `code` declares or imports `name` itself. */
export function bindsName(code: string, name: string): boolean {
  const n = escaped(name);
  return [
    new RegExp(`\\b(?:const|let|var|function|class|interface|type|enum)\\s+${n}\\b`),
    new RegExp(`\\b(?:const|let|var)\\s*[{[][^}\\]]*\\b${n}\\b[^}\\]]*[}\\]]\\s*=`),
    new RegExp(`\\bimport\\s+(?:type\\s+)?${n}\\b`),
    new RegExp(`\\bimport\\s+(?:type\\s+)?(?:\\w+\\s*,\\s*)?\\{[^}]*\\b${n}\\b[^}]*\\}\\s*from`),
    new RegExp(`\\bimport\\s+\\*\\s+as\\s+${n}\\b`),
  ].some((pattern) => pattern.test(code));
}

/**
 * The prelude lines one snippet gets: every entry for its file whose name it
 * uses and does not bind itself, except the names its file's snippets must
 * make themselves.
 */
export function preludeFor(file: string, code: string): string[] {
  const entries = [...snippetPrelude.everywhere, ...(snippetPrelude.byFile[file] ?? [])];
  const made = snippetPrelude.madeByTheSnippets[file] ?? [];
  return entries
    .filter(({ name }) => !made.includes(name))
    .filter(({ name }) => new RegExp(`\\b${escaped(name)}\\b`).test(code) && !bindsName(code, name))
    .map((entry) => entry.code);
}
