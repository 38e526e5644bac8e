import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as cells from 'asposecellscloud';
import { GetDocumentStatisticsRequest, WordsApi } from 'asposewordscloud';
import * as conversion from 'groupdocs-conversion-cloud';
import * as viewer from 'groupdocs-viewer-cloud';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { JWT } from './support/cloud-token-bin.js';
import { type SidecarProcess, startSidecarProcess } from './support/sidecar-process.js';

/*
 * The sidecar as other languages and unmodified SDKs use it: a Python 3
 * client with the standard library only, and the official Node SDKs
 * (Aspose.Words, Aspose.PDF, Aspose.Cells, GroupDocs Conversion and Viewer)
 * pointed at the sidecar, with no bridge code.
 */

const cloud = useCliCloud();
const running: SidecarProcess[] = [];
afterEach(async () => {
  for (const sidecar of running.splice(0)) {
    expect((await sidecar.stop()).code).toBe(0);
    expect(sidecar.logs()).not.toContain(CLIENT_SECRET);
    expect(sidecar.logs()).not.toMatch(JWT);
  }
});

async function serve(): Promise<SidecarProcess> {
  const sidecar = await startSidecarProcess(
    [],
    cloud.env({ CLOUD_TOKEN_BASE_URL: cloud.emulator.url }),
  );
  running.push(sidecar);
  return sidecar;
}

const pythonClient = fileURLToPath(new URL('./support/sidecar_client.py', import.meta.url));

/** A Python process of `clients` threads; `round()` runs them all once and gives every status. */
function startPython(url: string, clients: number, secret = CLIENT_SECRET) {
  const child: ChildProcessWithoutNullStreams = spawn(
    'python3',
    [pythonClient, url, String(clients)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        CLOUD_TOKEN_CLIENT_ID: CLIENT_ID,
        CLOUD_TOKEN_CLIENT_SECRET: secret,
      },
    },
  );
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async round(): Promise<unknown[]> {
      child.stdin.write('go\n');
      const line = await lines.next();
      if (line.done === true) throw new Error(`the Python client ended: ${errors}`);
      return JSON.parse(line.value) as unknown[];
    },
    async end(): Promise<{ code: number | null; errors: string }> {
      child.stdin.end();
      const [code] = (await once(child, 'exit')) as [number | null];
      return { code, errors };
    },
  };
}

describe('cloud-token serve with a Python 3 client (standard library only)', () => {
  it('100 concurrent clients across 4 processes, cold, then through a key rotation: 1 token request, then 1 renewal, 0 failed calls', async () => {
    // The first token request is still under way when the hundred clients arrive.
    cloud.emulator.control.setLatency({ tokenMs: 2_000 });
    const sidecar = await serve();
    const processes = Array.from({ length: 4 }, () => startPython(sidecar.url, 25));

    const cold = (await Promise.all(processes.map((python) => python.round()))).flat();
    expect(cold).toEqual(Array(100).fill(200));
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);

    cloud.emulator.control.revokeAllTokens();
    const rotated = (await Promise.all(processes.map((python) => python.round()))).flat();
    expect(rotated).toEqual(Array(100).fill(200));
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 2 });
    // Every call reached the cloud and succeeded; the 401s of the rotation never reached a client.
    expect(cloud.emulator.stats.apiRequests.byStatus[200]).toBe(200);

    for (const python of processes) expect(await python.end()).toEqual({ code: 0, errors: '' });
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toMatch(/^cloud_token_token_requests_total\{outcome="issued"\} 2$/m);
    expect(metrics).toMatch(/^cloud_token_api_calls_total\{status="200"\} 200$/m);
    // 13 of each process's 25 clients (the even ones) asked the facade, in each of the two rounds.
    expect(metrics).toMatch(/^cloud_token_facade_requests_total\{outcome="issued"\} 104$/m);
  });

  it('a Python client with a wrong secret gets 401 from the facade, and the cloud never hears of it', async () => {
    const sidecar = await serve();
    await sidecar.waitForLog(/"msg":"token adopted"/);
    const python = startPython(sidecar.url, 2, 'a-wrong-secret-61f0');
    // The even client asks the facade (refused: 401); the odd one only calls through the proxy.
    expect(await python.round()).toEqual([401, 200]);
    expect(await python.end()).toEqual({ code: 0, errors: '' });
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 1, rejected: 0 });
  });
});

describe('cloud-token serve with the official Aspose.Words SDK (asposewordscloud), unmodified', () => {
  it('ten SDK clients pointed at the sidecar share its one token, through a key rotation', async () => {
    const sidecar = await serve();
    const clients = Array.from(
      { length: 10 },
      () => new WordsApi(CLIENT_ID, CLIENT_SECRET, sidecar.url),
    );
    const statistics = () =>
      Promise.all(
        clients.map((api, index) =>
          api.getDocumentStatistics(new GetDocumentStatisticsRequest({ name: `doc${index}.docx` })),
        ),
      );

    const first = await statistics();
    expect(first.map((answer) => answer.response.statusCode)).toEqual(Array(10).fill(200));
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    // Each SDK asked the facade at its own token path, and called the API through the proxy.
    expect(cloud.emulator.stats.apiRequestLog.map((entry) => entry.url).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `/v4.0/words/doc${index}.docx/statistics`).sort(),
    );
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toMatch(/^cloud_token_facade_requests_total\{outcome="issued"\} 10$/m);

    cloud.emulator.control.revokeAllTokens();
    const second = await statistics();
    expect(second.map((answer) => answer.response.statusCode)).toEqual(Array(10).fill(200));
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 2 });
  });

  it('an SDK with a wrong secret is refused by the facade; the cloud gets no request', async () => {
    const sidecar = await serve();
    await sidecar.waitForLog(/"msg":"token adopted"/);
    const api = new WordsApi(CLIENT_ID, 'a-wrong-secret-2d7c', sidecar.url);
    await expect(
      api.getDocumentStatistics(new GetDocumentStatisticsRequest({ name: 'doc.docx' })),
    ).rejects.toBeDefined();
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
    expect(sidecar.logs()).not.toContain('a-wrong-secret-2d7c');
  });
});

/**
 * The PDF SDK ships its TypeScript sources next to its declarations, and
 * TypeScript would type-check those sources under our strict settings; it is
 * loaded with `require` and typed by the little the tests use.
 */
interface PdfModule {
  PdfApi: new (
    appSid: string,
    appKey: string,
  ) => {
    basePath: string;
    getPages(name: string): Promise<{ body: { pages?: { list?: unknown[] } } }>;
  };
}
const pdf = createRequire(import.meta.url)('asposepdfcloud') as PdfModule;

/**
 * Whether `reason` is superagent's error for a request of asposepdfcloud
 * (`response.req` is the node:http request it sent, with the SDK's user agent).
 */
function isPdfSdkError(reason: unknown): boolean {
  const request = (
    reason as { response?: { req?: { getHeader?: (name: string) => unknown } } } | null
  )?.response?.req;
  return request?.getHeader?.('user-agent') === 'pdf nodejs sdk';
}

/** An official SDK as the tests drive it. */
interface OfficialSdk {
  /** One API call made against `url` with the pair `id`/`secret`, checking its answer. */
  call(url: string, id: string, secret: string): Promise<void>;
  /**
   * Recognises the rejections the SDK itself leaves unhandled, one per answer
   * that is not 2xx (asposepdfcloud 24.4: `sa.then(…)` without a rejection
   * handler next to its `sa.catch(…)`); absent for an SDK that leaves none.
   */
  ownUnhandledRejection?: (reason: unknown) => boolean;
}

const otherSdks: [string, OfficialSdk][] = [
  [
    'asposepdfcloud',
    {
      async call(url, id, secret) {
        const api = new pdf.PdfApi(id, secret);
        api.basePath = `${url}/v3.0`;
        const { body } = await api.getPages('a.pdf');
        expect(body.pages?.list).toHaveLength(2);
      },
      ownUnhandledRejection: isPdfSdkError,
    },
  ],
  [
    'asposecellscloud',
    {
      async call(url, id, secret) {
        const api = new cells.CellsApi(id, secret, 'v3.0', url);
        const { body } = await api.getDocumentProperties(
          new cells.GetDocumentPropertiesRequest({ name: 'book.xlsx' }),
        );
        expect(body.documentProperties?.documentPropertyList?.[0]?.value).toBe('book.xlsx');
      },
    },
  ],
  [
    'groupdocs-conversion-cloud',
    {
      async call(url, id, secret) {
        const configuration = new conversion.Configuration(id, secret);
        configuration.apiBaseUrl = url;
        const formats = await conversion.InfoApi.fromConfig(
          configuration,
        ).getSupportedConversionTypes(new conversion.GetSupportedConversionTypesRequest());
        expect(formats.map((format) => format.sourceFormat)).toContain('docx');
      },
    },
  ],
  [
    'groupdocs-viewer-cloud',
    {
      async call(url, id, secret) {
        const configuration = new viewer.Configuration(id, secret);
        configuration.apiBaseUrl = url;
        const viewOptions = new viewer.ViewOptions();
        viewOptions.fileInfo = new viewer.FileInfo();
        viewOptions.fileInfo.filePath = 'doc.docx';
        const info = await viewer.InfoApi.fromConfig(configuration).getInfo(
          new viewer.GetInfoRequest(viewOptions),
        );
        expect(info.pages).toHaveLength(2);
      },
    },
  ],
];

/**
 * The rejections an SDK leaves unhandled, collected during each test by a
 * listener of this describe block alone, for the test to count. Vitest
 * reports none while a listener is on, so any other unhandled rejection
 * fails the test here.
 */
function collectUnhandledRejections(isOwn: (reason: unknown) => boolean): unknown[] {
  const own: unknown[] = [];
  const others: unknown[] = [];
  const listener = (reason: unknown) => (isOwn(reason) ? own : others).push(reason);
  beforeEach(() => {
    own.length = 0;
    others.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    // Node reports an unhandled rejection once the microtasks ran out: after this turn.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', listener);
    expect(others).toEqual([]);
  });
  return own;
}

describe.each(otherSdks)('cloud-token serve with the official %s SDK, unmodified', (_, sdk) => {
  const unhandled =
    sdk.ownUnhandledRejection === undefined
      ? undefined
      : collectUnhandledRejections(sdk.ownUnhandledRejection);

  it('five clients pointed at the sidecar get their token from its facade: one token request', async () => {
    const sidecar = await serve();
    await Promise.all(
      Array.from({ length: 5 }, () => sdk.call(sidecar.url, CLIENT_ID, CLIENT_SECRET)),
    );

    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests).toMatchObject({ total: 5, byStatus: { 200: 5 } });
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toMatch(/^cloud_token_facade_requests_total\{outcome="issued"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^cloud_token_api_calls_total\{status="200"\} 5$/m);
    // Every answer was 2xx: the SDK left no rejection unhandled.
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled !== undefined) expect(unhandled).toEqual([]);
  });

  it('with a wrong secret it is refused by the facade; the cloud gets no request', async () => {
    const sidecar = await serve();
    await sidecar.waitForLog(/"msg":"token adopted"/);
    await expect(sdk.call(sidecar.url, CLIENT_ID, 'a-wrong-secret-5a91')).rejects.toBeDefined();
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metrics).toMatch(/^cloud_token_facade_requests_total\{outcome="refused"\} [1-9]\d*$/m);
    expect(sidecar.logs()).not.toContain('a-wrong-secret-5a91');
    // The facade's one refusal (401 to the SDK's token request) cost the PDF SDK one unhandled rejection.
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled !== undefined) expect(unhandled).toMatchObject([{ status: 401 }]);
  });
});
