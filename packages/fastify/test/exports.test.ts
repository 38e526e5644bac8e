import * as core from '@cloud-token/core';
import * as fastifyAdapter from '@cloud-token/fastify';
import { expect, it } from 'vitest';

it('exports the core application entry whole, and its own surface', () => {
  const exported = new Map(Object.entries(fastifyAdapter));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
  expect(
    Object.keys(fastifyAdapter)
      .filter((name) => !(name in core))
      .sort(),
  ).toEqual([
    'cloudToken',
    'cloudTokenErrorHandler',
    'cloudTokenProxy',
    'cloudTokenReadiness',
    'sendCloudAnswer',
  ]);
});

it('declares both plugins to Fastify: name and supported range', () => {
  const meta = (plugin: object) =>
    (plugin as Record<symbol, unknown>)[Symbol.for('plugin-meta')] as Record<string, unknown>;
  expect(meta(fastifyAdapter.cloudToken)).toMatchObject({
    name: '@cloud-token/fastify',
    fastify: '5.x',
  });
  expect(meta(fastifyAdapter.cloudTokenProxy)).toMatchObject({
    name: '@cloud-token/fastify/proxy',
    fastify: '5.x',
    encapsulate: true,
  });
});
