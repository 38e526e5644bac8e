import { CloudTokenExceptionFilter, CloudTokenModule } from '@cloud-token/nestjs';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpModule } from '@nestjs/axios';
import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import type { DocumentsSettings } from './documents-settings.js';

/**
 * The documents feature: its controller and service, and its own axios
 * instance (`HttpModule.register()`, never the global one) with cloud-token
 * attached by `CloudTokenHttpBinding`.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with static factories
export class DocumentsModule {
  /**
   * The feature for one cloud API. A method, not a static `imports` list:
   * `HttpModule.register()` creates its axios instance when called, and each
   * application needs its own (two applications in one process, as in the
   * demo, would otherwise share, and attach to, the same instance).
   */
  static forApi(apiUrl: string): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [
        HttpModule.register({
          // A directory URL: axios appends `words/…` (no leading slash) after `/v4.0/`.
          baseURL: `${apiUrl.replace(/\/+$/, '')}/`,
          timeout: 30_000,
          maxRedirects: 0,
        }),
      ],
      controllers: [DocumentsController],
      providers: [CloudTokenHttpBinding, DocumentsService],
    };
  }
}

/**
 * The application: configuration, cloud-token configured from it
 * (`forRootAsync`), the documents feature, and the filter that answers
 * cloud-token errors as problem+json.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with static factories
export class AppModule {
  /**
   * The module with its settings. A real deployment reads them from the
   * environment (`ConfigModule.forRoot()` and `ASPOSE_CLIENT_ID`…); the demo
   * hands them in.
   */
  static withSettings(settings: DocumentsSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ cloud: settings })],
        }),
        CloudTokenModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const cloud = config.getOrThrow<DocumentsSettings>('cloud');
            return {
              tokenUrl: cloud.tokenUrl,
              clientId: cloud.clientId,
              clientSecret: cloud.clientSecret,
              baseUrl: cloud.apiUrl,
              logger: cloud.logger,
              fetch: cloud.fetch,
              clock: cloud.clock,
            };
          },
        }),
        DocumentsModule.forApi(settings.apiUrl),
      ],
      providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }],
    };
  }
}
