import { CloudTokenService } from '@cloud-token/nestjs';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, type DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';

/** Calls the cloud two ways. Explicit `@Inject` only: the tests run without decorator metadata. */
@Controller('words')
class WordsController {
  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(CloudTokenService) private readonly cloud: CloudTokenService,
  ) {}

  @Get('http')
  async viaHttpService(): Promise<unknown> {
    const { data } = await firstValueFrom(this.http.get('words/report.docx'));
    return data;
  }

  @Get('fetch')
  async viaFetch(): Promise<unknown> {
    const answer = await this.cloud.fetch('words/report.docx');
    return answer.json();
  }
}

@Module({})
class WordsModule {}

/**
 * A feature module that calls the cloud through its own `HttpService` (with
 * cloud-token attached) and through `CloudTokenService.fetch`.
 * `CloudTokenModule` must be global for it.
 */
export function wordsModule(apiUrl: string): DynamicModule {
  return {
    module: WordsModule,
    imports: [HttpModule.register({ baseURL: `${apiUrl}/` })],
    controllers: [WordsController],
    providers: [CloudTokenHttpBinding],
  };
}
