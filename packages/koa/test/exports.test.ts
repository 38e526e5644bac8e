import * as core from '@cloud-token/core';
import * as koaAdapter from '@cloud-token/koa';
import { expect, it } from 'vitest';

it('exports the core application entry whole, and its own surface', () => {
  const exported = new Map(Object.entries(koaAdapter));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
  expect(
    Object.keys(koaAdapter)
      .filter((name) => !(name in core))
      .sort(),
  ).toEqual([
    'cloudToken',
    'cloudTokenErrorHandler',
    'cloudTokenProxy',
    'cloudTokenReadiness',
    'getCloudToken',
    'sendCloudAnswer',
  ]);
});
