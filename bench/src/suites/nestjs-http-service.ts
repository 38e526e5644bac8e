import 'reflect-metadata';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { firstValueFrom } from 'rxjs';
import { compareLoad, STANDARD_CONCURRENCY, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import { withTarget } from '../figure.js';
import type { Suite } from '../suite.js';
import { startApiServer } from './separate-process-client.js';

/**
 * NestJS's `HttpService` (`@nestjs/axios`) with `CloudTokenHttpBinding`
 * attached, as `CloudTokenModule` wires it, against an `HttpService` whose
 * requests carry a fixed header; the API is in another process. Both
 * services wrap their own `axios.create()` instance, as `HttpModule.register()`
 * gives each module.
 */
export const nestjsHttpService: Suite = {
  title: '11 NestJS HttpService, API in another process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const server = await startApiServer();
      const source = emulatorSource(emulator);
      const baseURL = `${server.ready.url}/v4.0/`;
      const withAdapter = new HttpService(axios.create({ baseURL }));
      // The binding reads only the call policy from the module options; the source is given.
      const moduleOptions = { baseUrl: baseURL } as ConstructorParameters<
        typeof CloudTokenHttpBinding
      >[2];
      const binding = new CloudTokenHttpBinding(withAdapter, source, moduleOptions);
      binding.onModuleInit();
      try {
        const { authorization } = await source.getToken();
        const plain = new HttpService(axios.create({ baseURL, headers: { authorization } }));
        const get = async (http: HttpService) => {
          const answer = await firstValueFrom(http.get(API_PATH));
          if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}`);
        };
        const label = `concurrency ${STANDARD_CONCURRENCY}`;
        const figures = await compareLoad({
          ...STANDARD_LOAD,
          concurrency: STANDARD_CONCURRENCY,
          label,
          candidate: () => get(withAdapter),
          baseline: () => get(plain),
        });
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `nestjs: ${emulator.stats.tokenRequests.total} token requests, expected 1`,
        );
        return withTarget(figures, `${label}: requests/s`, {
          kind: 'ratio-at-least',
          limit: 0.97,
        }).map((figure) => ({ ...figure, baselineLabel: 'HttpService + header' }));
      } finally {
        binding.onModuleDestroy();
        source.close();
        await server.close();
      }
    }),
};
