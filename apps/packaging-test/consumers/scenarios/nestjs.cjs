const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { describeEntries } = require('./entries.cjs');

/**
 * A real Nest application, as a user of the packed packages writes it (in
 * plain JavaScript, so the decorators are applied by hand, and with explicit
 * injection tokens): `CloudTokenModule.forRoot`, a feature module whose
 * `HttpModule.register()` carries the token through `CloudTokenHttpBinding`,
 * and `CloudTokenExceptionFilter`. It serves on loopback, answers a few
 * requests with one token, then a rate-limited renewal as 503 problem+json.
 */
async function exerciseNestjs({ resolve, adapter, http, nest, emulatorModule }) {
  const { common, core, axios: nestAxios } = nest;
  const emulator = await emulatorModule.startEmulator();

  class WordsController {
    constructor(httpService) {
      this.httpService = httpService;
    }
    async words() {
      const { data } = await this.httpService.axiosRef.get('words/packaging.docx');
      return data;
    }
  }
  common.Inject(nestAxios.HttpService)(WordsController, undefined, 0);
  common.Get()(
    WordsController.prototype,
    'words',
    Object.getOwnPropertyDescriptor(WordsController.prototype, 'words'),
  );
  common.Controller('words')(WordsController);

  class WordsModule {}
  common.Module({
    imports: [nestAxios.HttpModule.register({ baseURL: `${emulator.apiUrl}/` })],
    controllers: [WordsController],
    providers: [http.CloudTokenHttpBinding],
  })(WordsModule);

  class AppModule {}
  common.Module({
    imports: [
      adapter.CloudTokenModule.forRoot({
        tokenUrl: emulator.tokenUrl,
        clientId: emulatorModule.DEFAULT_CLIENT_ID,
        clientSecret: emulatorModule.DEFAULT_CLIENT_SECRET,
        baseUrl: emulator.apiUrl,
        isGlobal: true,
      }),
      WordsModule,
    ],
    providers: [{ provide: core.APP_FILTER, useClass: adapter.CloudTokenExceptionFilter }],
  })(AppModule);

  const app = await core.NestFactory.create(AppModule, { logger: false, abortOnError: false });
  try {
    await app.listen(0, '127.0.0.1');
    const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/words`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(url)));
    const statuses = answers.map((answer) => answer.status);
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));
    // The next call's token is refused; its renewal is rate limited: 503 problem+json.
    emulator.control.revokeAllTokens();
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '7' });
    const limited = await fetch(url);
    const problem = await limited.json();
    return {
      entries: describeEntries(resolve, {
        '@cloud-token/nestjs': adapter,
        '@cloud-token/nestjs/http': http,
      }),
      nestCore: JSON.parse(
        readFileSync(join(dirname(resolve('@nestjs/core')), 'package.json'), 'utf8'),
      ).version,
      statuses,
      tokensIssued: emulator.stats.tokenRequests.issued,
      limited: {
        status: limited.status,
        retryAfter: limited.headers.get('retry-after'),
        contentType: limited.headers.get('content-type'),
        code: problem.code,
      },
    };
  } finally {
    await app.close();
    await emulator.close();
  }
}

module.exports = { exerciseNestjs };
