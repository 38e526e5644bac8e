import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS } from './constants.js';
import type { CloudTokenModuleOptions } from './types.js';

/*
 * `isGlobal` and `extraProviders` are read by `CloudTokenModule` itself rather
 * than through the builder's extras (nestjs/nest#15661, #10307), as
 * @nestjs/cache-manager does.
 */
export const { ConfigurableModuleClass: CloudTokenConfigurableModule } =
  new ConfigurableModuleBuilder<CloudTokenModuleOptions>({
    optionsInjectionToken: CLOUD_TOKEN_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createCloudTokenOptions')
    .build();
