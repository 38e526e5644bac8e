import * as emulator from '@cloud-token/emulator';
import * as testing from '@cloud-token/emulator/testing';
import { describe, expect, it } from 'vitest';

describe('public entry points', () => {
  it('@cloud-token/emulator', () => {
    expect(Object.keys(emulator).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_CLIENT_ID",
        "DEFAULT_CLIENT_SECRET",
        "DEFAULT_SCOPE",
        "InvalidOptionsError",
        "startEmulator",
      ]
    `);
  });

  it('@cloud-token/emulator/testing', () => {
    expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
      [
        "basicAuthorization",
        "emulatorCredentials",
        "getAccessToken",
        "requestToken",
        "resetWhenIdle",
        "useEmulator",
        "waitFor",
        "waitForCounter",
      ]
    `);
  });
});
