import * as core from '@cloud-token/core';
import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('exports the core application entry whole, and its own surface', () => {
  const exported = new Map(Object.entries(api));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
  expect(Object.keys(api).filter((name) => !(name in core))).toEqual(['attachCloudToken']);
});
