import * as core from '@cloud-token/core';
import * as expressAdapter from '@cloud-token/express';
import { expect, it } from 'vitest';

it('exports the core application entry whole, and its own surface', () => {
  const exported = new Map(Object.entries(expressAdapter));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
  expect(
    Object.keys(expressAdapter)
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
