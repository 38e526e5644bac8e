import { clientCredentials, createTokenSource, systemClock } from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { sourceState } from '../../src/token-source/source-state.js';
import { createCountingTokenSource } from '../support/counting-token-source.js';

const grant = () =>
  clientCredentials({
    tokenUrl: 'https://id.example.test/connect/token',
    clientId: 'state-client',
    clientSecret: 'state-secret',
  });

describe('sourceState', () => {
  it('lives on a source createTokenSource made: its clock and logger, hidden from keys, JSON and spread', () => {
    const clock = createFakeClock();
    const source = createTokenSource(grant(), { clock });
    const state = sourceState(source);
    expect(state.clock).toBe(clock);
    expect(state.log).toBeDefined();
    expect(sourceState(source)).toBe(state);
    expect(Object.getOwnPropertySymbols({ ...source })).not.toContain(
      Symbol.for('@cloud-token/core.source-state'),
    );
    expect(JSON.stringify(source)).toBe(JSON.stringify({ label: source.label }));
    // Two sources, two states: nothing is shared through a module.
    const other = createTokenSource(grant(), { clock });
    expect(sourceState(other).rejections).not.toBe(state.rejections);
    source.close();
    other.close();
  });

  it('attaches one state to a source of your own on first use: the system clock, no logger', () => {
    const foreign = createCountingTokenSource();
    const state = sourceState(foreign);
    expect(state).toMatchObject({ clock: systemClock, log: undefined });
    expect(sourceState(foreign)).toBe(state);
    expect(Object.keys(foreign)).not.toContain('rejections');
  });

  it('gives a frozen source of your own a fresh state each time (it cannot hold one)', () => {
    const frozen = Object.freeze(createCountingTokenSource());
    expect(sourceState(frozen)).not.toBe(sourceState(frozen));
  });
});
