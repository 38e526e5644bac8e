import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CLOUD_TOKEN_OPTIONS as optionsInjectionToken } from './constants.js';
import type { CloudTokenModuleOptions } from './types.js';

// The base of CloudTokenModule: forRoot/forRootAsync and the options provider.
export const { ConfigurableModuleClass: CloudTokenConfigurableModule } =
  new ConfigurableModuleBuilder<CloudTokenModuleOptions>({ optionsInjectionToken })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createCloudTokenOptions')
    .build();
