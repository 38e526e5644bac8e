import { inspect } from 'node:util';
import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import {
  CLOUD_TOKEN_OPTIONS,
  CloudTokenModule,
  type CloudTokenModuleOptions,
  type CloudTokenOptionsFactory,
  CloudTokenService,
  Redacted,
} from '@cloud-token/nestjs';
import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { nestVersion } from './support/nest-major.js';

/** Any provider of the application that asks for the module's options. */
@Injectable()
class OptionsReader {
  constructor(@Inject(CLOUD_TOKEN_OPTIONS) readonly options: unknown) {}
}

@Module({ providers: [OptionsReader], exports: [OptionsReader] })
class FeatureModule {}

const optionsValue = Symbol.for('test:module-options');

@Injectable()
class OptionsFromClass implements CloudTokenOptionsFactory {
  constructor(@Inject(optionsValue) private readonly value: CloudTokenModuleOptions) {}
  createCloudTokenOptions() {
    return this.value;
  }
}

@Module({
  providers: [OptionsFromClass, { provide: optionsValue, useFactory: () => current }],
  exports: [OptionsFromClass],
})
class OptionsFactoryModule {}

let current: CloudTokenModuleOptions;

/** Everything `util.inspect` at any depth and `JSON.stringify` make of `value`. */
function shown(value: unknown): string {
  return `${inspect(value, { depth: Infinity, showHidden: false })}\n${JSON.stringify(value)}`;
}

describe(`CLOUD_TOKEN_OPTIONS with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });

  const forms: [string, () => DynamicModule][] = [
    ['forRoot', () => CloudTokenModule.forRoot({ ...current, isGlobal: true })],
    [
      'forRootAsync useFactory',
      () => CloudTokenModule.forRootAsync({ isGlobal: true, useFactory: async () => current }),
    ],
    [
      'forRootAsync useClass',
      () =>
        CloudTokenModule.forRootAsync({
          isGlobal: true,
          useClass: OptionsFromClass,
          extraProviders: [{ provide: optionsValue, useFactory: () => current }],
        }),
    ],
    [
      'forRootAsync useExisting',
      () =>
        CloudTokenModule.forRootAsync({
          isGlobal: true,
          imports: [OptionsFactoryModule],
          useExisting: OptionsFromClass,
        }),
    ],
  ];

  it.each(forms)(
    'hands any provider the options without the secret in inspect or JSON (%s)',
    async (_form, cloudTokenModule) => {
      current = cloudOptions(cloud.emulator);
      const moduleRef = await Test.createTestingModule({
        imports: [cloudTokenModule(), FeatureModule],
      }).compile();
      await moduleRef.init();
      const { options } = moduleRef.get(OptionsReader);
      const fromApp = moduleRef.get(CLOUD_TOKEN_OPTIONS, { strict: false });
      expect(shown([options, fromApp])).not.toContain(DEFAULT_CLIENT_SECRET);
      // What it is for stays readable, the secret only when asked for by name.
      expect(options).toMatchObject({ clientId: current.clientId, baseUrl: current.baseUrl });
      expect((options as { clientSecret: Redacted }).clientSecret).toBeInstanceOf(Redacted);
      expect((options as { clientSecret: Redacted }).clientSecret.reveal()).toBe(
        DEFAULT_CLIENT_SECRET,
      );
      expect(Object.isFrozen(options)).toBe(true);
      // And the module still works with them.
      await moduleRef.get(CloudTokenService, { strict: false }).getToken();
      expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
      await moduleRef.close();
    },
  );

  it('keeps the secret out of what forRoot returns', () => {
    current = cloudOptions(cloud.emulator);
    expect(shown(CloudTokenModule.forRoot({ ...current, isGlobal: true }))).not.toContain(
      DEFAULT_CLIENT_SECRET,
    );
  });
});
