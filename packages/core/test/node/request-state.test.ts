import { clientCredentials, createTokenSource } from '@cloud-token/core';
import {
  type CloudTokenAccessor,
  createRequestClients,
  createRequestState,
} from '@cloud-token/core/node';
import { afterAll, describe, expect, it } from 'vitest';

// The accessors are made and stored, never asked for a token: no endpoint is reached.
const source = createTokenSource(
  clientCredentials({
    tokenUrl: 'http://127.0.0.1:9/connect/token',
    clientId: 'id',
    clientSecret: 'secret',
  }),
);
const clients = createRequestClients(source);
afterAll(() => clients.close());

function accessor(): CloudTokenAccessor {
  return clients.forRequest({} as never, {} as never);
}

describe('createRequestState(brand)', () => {
  it('keeps the accessor under Symbol.for(brand), shared by every state of that brand', () => {
    const host = {};
    const made = accessor();
    createRequestState('test.state').attach(host, made);
    expect(createRequestState('test.state').of(host)).toBe(made);
    expect((host as Record<symbol, unknown>)[Symbol.for('test.state')]).toBe(made);
    expect(Object.keys(host)).toEqual([]);
  });
});

describe('createRequestState(brand, name)', () => {
  const state = createRequestState('test.named', 'cloudToken');

  it('puts the accessor under the free name only: one new property', () => {
    const host: Record<string, unknown> = {};
    const made = accessor();
    state.attach(host, made);
    expect(host.cloudToken).toBe(made);
    expect(Object.getOwnPropertySymbols(host)).toEqual([]);
    expect(state.of(host)).toBe(made);
  });

  it("leaves another library's value under the name and keeps the accessor under the brand", () => {
    const host: Record<string, unknown> = { cloudToken: { fetch: 'not ours' } };
    const made = accessor();
    state.attach(host, made);
    expect(host.cloudToken).toEqual({ fetch: 'not ours' });
    expect(state.of(host)).toBe(made);
    const later = accessor();
    state.attach(host, later);
    expect(state.of(host)).toBe(later);
  });

  it('replaces an accessor under the name (an inner mount), and finds none on a bare host', () => {
    const host: Record<string, unknown> = {};
    state.attach(host, accessor());
    const inner = accessor();
    state.attach(host, inner);
    expect(host.cloudToken).toBe(inner);
    expect(state.of(host)).toBe(inner);
    expect(state.of({})).toBeUndefined();
    expect(state.of({ cloudToken: 'not ours' })).toBeUndefined();
  });
});
