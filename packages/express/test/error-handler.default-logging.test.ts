import { inspect } from 'node:util';
import { misroutedPreset, statusesOf, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, cloudTokenErrorHandler } from '@cloud-token/express';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { expressVersions } from './support/express-versions.js';
import { relayCloudFetch } from './support/relay-cloud-fetch.js';

const wrongSecret = 'wr0ng-s3cret-value';

describe.each(expressVersions)(
  'cloudTokenErrorHandler() without a logger, %s',
  (_name, express) => {
    let emulator: Emulator;
    const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
    beforeAll(() => {
      emulator = emulatorFixture.emulator;
    });
    const apps = useAppsPerTest({ afterEach });
    let printed: MockInstance<typeof console.error>;
    beforeEach(() => {
      printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    });
    afterEach(() => printed.mockRestore());

    /** What reached `console.error`, as text, each call on its own line. */
    const output = () => printed.mock.calls.map((call) => inspect(call, { depth: Infinity }));

    async function serve(options: Parameters<typeof cloudToken>[0], env = 'production') {
      const app = express();
      app.set('env', env);
      app.use(apps.closeAfterTest(cloudToken(options)));
      app.get('/words', relayCloudFetch('words/report.docx/statistics'));
      app.use(cloudTokenErrorHandler());
      return `${await apps.listen(app)}/words`;
    }

    it('says once that the credentials are refused: 100 requests, one line naming the cause, no secret', async () => {
      const url = await serve({
        ...emulatorCredentials(emulator),
        clientSecret: wrongSecret,
        baseUrl: emulator.apiUrl,
      });
      const statuses = await statusesOf(url, 100);
      expect(new Set(statuses)).toEqual(new Set([502]));
      expect(output()).toEqual([expect.stringContaining('ERR_CREDENTIALS_REJECTED')]);
      expect(output()[0]).toContain('invalid_client');
      expect(output().join('\n')).not.toContain(wrongSecret);
    });

    it('says once that a preset without a versioned baseUrl misroutes every call, naming the baseUrl to use', async () => {
      const { options, sent } = misroutedPreset(wrongSecret);
      const url = await serve(options);
      const statuses = await statusesOf(url, 100);
      expect(new Set(statuses)).toEqual(new Set([500]));
      expect(output()).toEqual([expect.stringContaining('ERR_USAGE')]);
      expect(output()[0]).toContain('https://api.aspose.cloud/v4.0/');
      expect(output().join('\n')).not.toContain(wrongSecret);
      // Refused before anything was sent: no token request, no call to the bare host.
      expect(sent).toEqual([]);
    });

    it("says once that a tenant's credentials are misconfigured", async () => {
      const url = await serve({
        credentials: () => ({ ...emulatorCredentials(emulator), clientSecret: '' }),
        baseUrl: emulator.apiUrl,
      });
      expect(new Set(await statusesOf(url, 100))).toEqual(new Set([500]));
      expect(output()).toEqual([expect.stringContaining('ERR_INVALID_OPTIONS')]);
      expect(output()[0]).toContain('clientSecret');
      expect(emulator.stats.tokenRequests.total).toBe(0);
    });

    it("stays quiet where Express's own handler does: an app whose env is test", async () => {
      const url = await serve(
        { ...emulatorCredentials(emulator), clientSecret: wrongSecret, baseUrl: emulator.apiUrl },
        'test',
      );
      expect(await statusesOf(url, 3)).toEqual([502, 502, 502]);
      expect(output()).toEqual([]);
    });
  },
);
