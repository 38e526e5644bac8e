import { inspect } from 'node:util';
import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import {
  CLOUD_TOKEN_SOURCE,
  CloudTokenModule,
  type CloudTokenModuleOptions,
  type CloudTokenOptionsFactory,
  CloudTokenService,
  InjectTokenSource,
  type TokenSource,
} from '@cloud-token/nestjs';
import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { nestVersion } from './support/nest-major.js';

@Injectable()
class Probe {
  constructor(
    @InjectTokenSource() readonly source: TokenSource,
    @Inject(CloudTokenService) readonly cloud: CloudTokenService,
  ) {}
}

@Injectable()
class Consumer {
  constructor(@Inject(CloudTokenService) readonly cloud: CloudTokenService) {}
}

@Module({ providers: [Consumer] })
class FeatureModule {}

/** A feature module importing `forRoot` itself; two of them are two Nest modules. */
function featureModule(token: string, options: CloudTokenModuleOptions): DynamicModule {
  return {
    module: class Feature {},
    imports: [CloudTokenModule.forRoot(options)],
    providers: [{ provide: token, useExisting: CloudTokenService }],
    exports: [token],
  };
}

const credentialsToken = Symbol.for('test:credentials');

@Injectable()
class OptionsFromClass implements CloudTokenOptionsFactory {
  constructor(@Inject(credentialsToken) private readonly value: CloudTokenModuleOptions) {}
  createCloudTokenOptions() {
    return this.value;
  }
}

@Injectable()
class CloudConfig implements CloudTokenOptionsFactory {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
  createCloudTokenOptions(): CloudTokenModuleOptions {
    return this.config.getOrThrow('cloud');
  }
}

describe(`CloudTokenModule with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });

  async function compile(imports: unknown[], providers: unknown[] = []) {
    const moduleRef = await Test.createTestingModule({
      imports: imports as never[],
      providers: providers as never[],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('runs without decorator metadata: every injection is an explicit @Inject', () => {
    const reflect = Reflect as unknown as { getMetadata(key: string, target: object): unknown };
    for (const decorated of [Probe, CloudTokenService, CloudTokenModule]) {
      expect(reflect.getMetadata('design:paramtypes', decorated)).toBeUndefined();
    }
  });

  describe('forRoot', () => {
    it('provides CloudTokenService and the raw token source', async () => {
      const moduleRef = await compile(
        [CloudTokenModule.forRoot(cloudOptions(cloud.emulator))],
        [Probe],
      );
      const probe = moduleRef.get(Probe);
      const token = await probe.cloud.getToken();
      expect(probe.source.peek()).toBe(token);
      expect(moduleRef.get(CLOUD_TOKEN_SOURCE)).toBe(probe.source);
      const answer = await probe.cloud.fetch('words/report.docx');
      expect(answer.status).toBe(200);
      expect(probe.cloud.invalidate(token)).toBe(true);
      expect(probe.source.peek()).toBeUndefined();
      await moduleRef.close();
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    });

    it('is not global by default, and global with isGlobal: true', async () => {
      // Another client id: Nest leaves what a failed compile made open, and this must not be shared.
      const unused = { ...cloudOptions(cloud.emulator), clientId: 'never-used' };
      await expect(compile([CloudTokenModule.forRoot(unused), FeatureModule])).rejects.toThrow(
        /CloudTokenService/,
      );
      const moduleRef = await compile([
        CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: true }),
        FeatureModule,
      ]);
      expect(moduleRef.get(Consumer).cloud).toBeInstanceOf(CloudTokenService);
      await moduleRef.close();
    });

    it('shares one token between two imports with the same credentials', async () => {
      const moduleRef = await compile([
        featureModule('cloud-a', cloudOptions(cloud.emulator)),
        featureModule('cloud-b', cloudOptions(cloud.emulator)),
      ]);
      const a = moduleRef.get<CloudTokenService>('cloud-a', { strict: false });
      const b = moduleRef.get<CloudTokenService>('cloud-b', { strict: false });
      expect(a).not.toBe(b);
      const tokens = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).getToken()),
      );
      expect(new Set(tokens).size).toBe(1);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
      await moduleRef.close();
    });

    it('shares one source between a forRoot and a forRootAsync import of the same credentials', async () => {
      const moduleRef = await compile([
        featureModule('cloud-a', cloudOptions(cloud.emulator)),
        {
          module: class AsyncFeature {},
          imports: [
            CloudTokenModule.forRootAsync({ useFactory: () => cloudOptions(cloud.emulator) }),
          ],
          providers: [{ provide: 'cloud-b', useExisting: CLOUD_TOKEN_SOURCE }],
          exports: ['cloud-b'],
        },
        featureModule('cloud-c', { ...cloudOptions(cloud.emulator), clientId: 'another-client' }),
      ]);
      const a = moduleRef.get<CloudTokenService>('cloud-a', { strict: false });
      const b = moduleRef.get<TokenSource>('cloud-b', { strict: false });
      expect(await a.getToken()).toBe(await b.getToken());
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
      await moduleRef.close();
      await expect(b.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
    });

    it('gives each application its own source; the token store shares the token between them', async () => {
      const first = await compile([CloudTokenModule.forRoot(cloudOptions(cloud.emulator))]);
      const second = await compile([CloudTokenModule.forRoot(cloudOptions(cloud.emulator))]);
      const one = first.get<TokenSource>(CLOUD_TOKEN_SOURCE);
      const other = second.get<TokenSource>(CLOUD_TOKEN_SOURCE);
      expect(other).not.toBe(one);
      expect((await other.getToken()).value).toBe((await one.getToken()).value);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
      // Closing one application leaves the other serving.
      await first.close();
      await expect(one.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
      await expect(other.getToken()).resolves.toBeDefined();
      await second.close();
    });

    it.each([
      [{ timeoutMs: -1 }, 'timeoutMs'],
      [{ tokenUrl: 'not a url' }, 'tokenUrl'],
      [{ baseUrl: 'ftp://example.test/' }, 'baseUrl'],
      [{ maxRetryAfterMs: 'soon' }, 'maxRetryAfterMs'],
      [{ clientSecret: '' }, 'clientSecret'],
      [{ timeoutMsx: 5 }, 'timeoutMsx'],
    ])('fails startup with ERR_INVALID_OPTIONS naming the option (%o)', async (bad, option) => {
      const options = { ...cloudOptions(cloud.emulator), ...bad } as CloudTokenModuleOptions;
      const failure = await compile([CloudTokenModule.forRoot(options)]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
      expect(`${String(failure)} ${inspect(failure)} ${JSON.stringify(failure)}`).not.toContain(
        DEFAULT_CLIENT_SECRET,
      );
      expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
    });

    it('fails NestFactory.create() of a real application the same way', async () => {
      @Module({
        imports: [CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), timeoutMs: 0 })],
      })
      class BadApp {}
      await expect(
        NestFactory.create(BadApp, { logger: false, abortOnError: false }),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'timeoutMs' });
    });

    it('rejects a non-boolean isGlobal when the module is declared', () => {
      expect(() =>
        CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: 'yes' as never }),
      ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'isGlobal' }));
    });
  });

  describe('forRootAsync', () => {
    function configModule() {
      return ConfigModule.forRoot({
        ignoreEnvFile: true,
        load: [() => ({ cloud: cloudOptions(cloud.emulator) })],
      });
    }

    it('takes its options from ConfigService through useFactory', async () => {
      const moduleRef = await compile([
        configModule(),
        CloudTokenModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ...config.getOrThrow<{ tokenUrl: string; clientId: string; clientSecret: string }>(
              'cloud',
            ),
          }),
        }),
      ]);
      await moduleRef.get(CloudTokenService).getToken();
      expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      await moduleRef.close();
    });

    it('takes its options from a class (useClass + extraProviders), global with isGlobal', async () => {
      const moduleRef = await compile([
        CloudTokenModule.forRootAsync({
          isGlobal: true,
          useClass: OptionsFromClass,
          extraProviders: [{ provide: credentialsToken, useValue: cloudOptions(cloud.emulator) }],
        }),
        FeatureModule,
      ]);
      await moduleRef.get(Consumer).cloud.getToken();
      expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      await moduleRef.close();
    });

    it('takes its options from an existing provider (useExisting)', async () => {
      const cloudConfigModule = {
        module: class CloudConfigModule {},
        imports: [configModule()],
        providers: [CloudConfig],
        exports: [CloudConfig],
      };
      const moduleRef = await compile([
        CloudTokenModule.forRootAsync({ imports: [cloudConfigModule], useExisting: CloudConfig }),
      ]);
      await moduleRef.get(CloudTokenService).getToken();
      expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      await moduleRef.close();
    });

    it('fails startup with ERR_INVALID_OPTIONS for a bad option from the factory', async () => {
      await expect(
        compile([
          CloudTokenModule.forRootAsync({
            useFactory: () => ({ ...cloudOptions(cloud.emulator), retry: { attempts: 0 } }),
          }),
        ]),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'retry.attempts' });
    });
  });

  it('needs baseUrl or allowedOrigins: where the token may go', async () => {
    const { baseUrl: _, ...withoutBaseUrl } = cloudOptions(cloud.emulator);
    await expect(compile([CloudTokenModule.forRoot(withoutBaseUrl)])).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'baseUrl',
    });
  });
});
