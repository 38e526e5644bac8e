import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS } from './constants.js';
import type { CloudTokenModuleOptions } from './types.js';

export const { ConfigurableModuleClass: CloudTokenConfigurableModule } =
  new ConfigurableModuleBuilder<CloudTokenModuleOptions>({
    optionsInjectionToken: CLOUD_TOKEN_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createCloudTokenOptions')
    .build();
