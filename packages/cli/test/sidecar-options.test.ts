import { isCloudTokenError } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { resolveSidecarOptions, type SidecarOptions } from '../src/sidecar/sidecar-options.js';

const credentials = {
  tokenUrl: 'http://127.0.0.1:4010/connect/token',
  clientId: 'app',
  clientSecret: 'the-cloud-secret-1',
};

function refusal(options: Record<string, unknown>): { option: string; message: string } {
  try {
    resolveSidecarOptions(options as unknown as SidecarOptions);
  } catch (error) {
    if (!isCloudTokenError(error, 'ERR_INVALID_OPTIONS')) throw error;
    expect(error.message).not.toContain('the-cloud-secret-1');
    expect(error.message).not.toContain('local-secret-1');
    return { option: error.option, message: error.message };
  }
  throw new Error('expected an InvalidOptionsError');
}

describe('startSidecar options', () => {
  it('listens on 127.0.0.1, a free port, for the configured credentials by default', () => {
    const settings = resolveSidecarOptions(credentials);
    expect(settings.listen).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    expect(settings.separateLocalSecret).toBe(false);
    expect(settings.client.matches('app', 'the-cloud-secret-1')).toBe(true);
    expect(settings.client.matches('app', 'the-cloud-secret-2')).toBe(false);
    expect(settings.drainTimeoutMs).toBe(30_000);
  });

  it('takes a separate local pair, and then only that pair', () => {
    const settings = resolveSidecarOptions({
      ...credentials,
      localClientId: 'local',
      localClientSecret: 'local-secret-1',
    });
    expect(settings.separateLocalSecret).toBe(true);
    expect(settings.client.matches('local', 'local-secret-1')).toBe(true);
    expect(settings.client.matches('app', 'the-cloud-secret-1')).toBe(false);
  });

  it('needs allowRemote and a local secret to listen elsewhere than loopback', () => {
    for (const extra of [
      { host: '0.0.0.0' },
      { host: '0.0.0.0', allowRemote: true },
      { host: '10.1.2.3', localClientSecret: 'local-secret-1' },
    ]) {
      expect(refusal({ ...credentials, ...extra }).option).toBe('host');
    }
    const remote = resolveSidecarOptions({
      ...credentials,
      host: '0.0.0.0',
      allowRemote: true,
      localClientSecret: 'local-secret-1',
    });
    expect(remote.listen).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 0 });
    for (const host of ['::1', 'localhost', '127.0.0.2']) {
      expect(resolveSidecarOptions({ ...credentials, host }).listen).toMatchObject({ host });
    }
  });

  it.each([
    [{ socket: '/tmp/s.sock', port: 1 }, 'socket'],
    [{ port: 70_000 }, 'port'],
    [{ port: -1 }, 'port'],
    [{ localClientSecret: '' }, 'localClientSecret'],
    [{ drainTimeoutMs: 0 }, 'drainTimeoutMs'],
    [{ allowRemote: 'yes' }, 'allowRemote'],
    [{ tokenUrl: 'not a url' }, 'tokenUrl'],
    [{ baseUrl: 'ftp://x' }, 'baseUrl'],
  ])('refuses %j, naming %s', (extra, option) => {
    expect(refusal({ ...credentials, ...extra }).option).toBe(option);
  });

  it('names an unknown key and the one it was probably meant to be', () => {
    expect(refusal({ ...credentials, localClientSecert: 'local-secret-1' })).toMatchObject({
      option: 'localClientSecert',
      message: expect.stringContaining('did you mean "localClientSecret"?'),
    });
  });
});
