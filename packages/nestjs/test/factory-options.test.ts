import * as core from '@cloud-token/core';
import * as nestjsAdapter from '@cloud-token/nestjs';
import {
  CloudTokenExceptionFilter,
  CloudTokenModule,
  type CloudTokenModuleOptions,
  CloudTokenService,
} from '@cloud-token/nestjs';
import * as http from '@cloud-token/nestjs/http';
import { Test } from '@nestjs/testing';
import { expect, it } from 'vitest';

/*
 * What this package adds to the core's takes its options through the core's
 * schemas: a misspelt key is refused with a did-you-mean, and a polluted
 * Object.prototype changes nothing. The lists are checked against the
 * package's exports, so a new class or function has to be placed in them.
 */

const options: CloudTokenModuleOptions = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: 'nest-options-s3cr3t',
  baseUrl: 'https://api.example.test/v4.0/',
};

/** Compiles a module importing `module`, hands its service to `use`, then closes it. */
async function withModule<T>(
  module: ReturnType<typeof CloudTokenModule.forRoot>,
  use: (service: CloudTokenService) => T | Promise<T> = () => undefined as T,
): Promise<T> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  try {
    return await use(moduleRef.get(CloudTokenService));
  } finally {
    await moduleRef.close();
  }
}

const takesOptions = [
  'CloudTokenModule',
  'CloudTokenExceptionFilter',
  'CloudTokenService',
  'CloudTokenHttpBinding',
];
const takesNoOptions: Record<string, string> = {
  InjectTokenSource: 'a parameter decorator',
};

it('places every class and function of its own, in both entries, in one of the lists', () => {
  const own = [...Object.entries(nestjsAdapter), ...Object.entries(http)]
    .filter(([name, value]) => !(name in core) && typeof value === 'function')
    .map(([name]) => name);
  expect(own.sort()).toEqual([...takesOptions, ...Object.keys(takesNoOptions)].sort());
});

it.each([
  ['forRoot', { ...options, baseURL: options.baseUrl }, 'baseURL', 'baseUrl'],
  ['forRoot, nested', { ...options, retry: { attemps: 2 } }, 'retry.attemps', 'retry.attempts'],
  ['forRootAsync', { ...options, client_id: 'client' }, 'client_id', 'clientId'],
])(
  'CloudTokenModule (%s) refuses a misspelt key with a did-you-mean',
  async (how, given, key, meant) => {
    const module = how.startsWith('forRootAsync')
      ? CloudTokenModule.forRootAsync({ useFactory: () => given as CloudTokenModuleOptions })
      : CloudTokenModule.forRoot(given as CloudTokenModuleOptions);
    const failure = await withModule(module).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: key });
    expect(String(failure)).toContain(`did you mean "${meant}"?`);
    expect(String(failure)).not.toContain(options.clientSecret);
  },
);

it('CloudTokenExceptionFilter refuses a misspelt key with a did-you-mean', () => {
  expect(
    () => new CloudTokenExceptionFilter(undefined, { problemTYpe: () => '' } as never),
  ).toThrow('did you mean "problemType"?');
});

it("CloudTokenService's readiness refuses a misspelt key with a did-you-mean", async () => {
  const failure = await withModule(CloudTokenModule.forRoot(options), (service) =>
    service.readiness({ timeoutMS: 5 } as never).then(
      () => undefined,
      (error: unknown) => error,
    ),
  );
  expect(failure).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'timeoutMS' });
  expect(String(failure)).toContain('did you mean "timeoutMs"?');
});

it('reads nothing inherited from Object.prototype: not the module options, the extras or the filter’s', async () => {
  // Keys only cloud-token reads (Nest reads `scope`, `inject`, … of its own providers).
  const keys = [
    'allowInsecureHttp',
    'allowedOrigins',
    'maxRetryAfterMs',
    'rejectedTokenStatuses',
    'timeoutMs',
    'retry',
    'keepWarm',
    'onError',
    'authMethod',
    'isGlobal',
    'extraProviders',
    'problemType',
  ];
  // A symbol is a value no rule accepts: reading an inherited key would throw.
  for (const key of keys) {
    Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
  }
  try {
    new CloudTokenExceptionFilter(undefined, {});
    await withModule(CloudTokenModule.forRoot(options));
    await withModule(CloudTokenModule.forRootAsync({ useFactory: () => options }));
  } finally {
    for (const key of keys) Reflect.deleteProperty(Object.prototype, key);
  }
});
