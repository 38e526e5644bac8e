import { createRequire } from 'node:module';
import * as cells from 'asposecellscloud';
import * as cells23 from 'asposecellscloud-23';
import * as words from 'asposewordscloud';
import * as words20 from 'asposewordscloud-20';
import * as words22 from 'asposewordscloud-22';
import * as conversion from 'groupdocs-conversion-cloud';
import * as conversion21 from 'groupdocs-conversion-cloud-21';
import * as viewer from 'groupdocs-viewer-cloud';
import { expect } from 'vitest';

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
    getPdfInStorageToDoc(
      name: string,
      addReturnToLineEnd?: boolean,
      format?: string,
    ): Promise<{ body: Buffer }>;
  };
}
const require = createRequire(import.meta.url);
const pdf = require('asposepdfcloud') as PdfModule;
const pdf243 = require('asposepdfcloud-24-3') as PdfModule;

/** One SDK client set, made against a base URL, and the calls a test makes with it. */
export interface SdkUnderTest {
  /** Every API client the calls use (a GroupDocs SDK splits its API over several). */
  readonly clients: readonly object[];
  /** The SDK's most used calls, each checking its answer; the first is the one herds make. */
  readonly calls: readonly { readonly name: string; run(): Promise<void> }[];
}

/** An official SDK at one version, as the tests install it (npm aliases for older versions). */
export interface SdkDriver {
  readonly label: string;
  readonly packageName: string;
  readonly version: string;
  /** Whether the SDK replays a call itself after a 401 (Words, PDF, Cells). */
  readonly replaysUnauthorized: boolean;
  /** Whether the SDK's error for an API answer keeps its headers, `Retry-After` among them. */
  readonly keepsRetryAfter: boolean;
  /**
   * Whether the SDK leaves a rejected promise unhandled for every answer that
   * is not 2xx (asposepdfcloud: `sa.then(…)` next to `sa.catch(…)` on its
   * superagent request) — in a plain Node process, that ends the process.
   */
  readonly rejectsUnhandled: boolean;
  make(emulatorUrl: string, clientId: string, clientSecret: string): SdkUnderTest;
}

const document = Buffer.from('PK\u0003\u0004 a small document');

/** What the tests use of the Words SDK, the same in every tested version. */
interface WordsModule {
  WordsApi: new (
    clientId: string,
    clientSecret: string,
    baseUrl?: string,
  ) => {
    getDocumentStatistics(
      request: unknown,
    ): Promise<{ body: { statData?: { wordCount?: number } } }>;
    convertDocument(request: unknown): Promise<{ body: unknown }>;
  };
  GetDocumentStatisticsRequest: new (init: { name: string }) => unknown;
  ConvertDocumentRequest: new (init: { document: Buffer; format: string }) => unknown;
}

function wordsCalls(
  api: InstanceType<WordsModule['WordsApi']>,
  module: WordsModule,
): SdkUnderTest['calls'] {
  return [
    {
      name: 'getDocumentStatistics',
      async run() {
        const { body } = await api.getDocumentStatistics(
          new module.GetDocumentStatisticsRequest({ name: 'doc.docx' }),
        );
        expect(body.statData?.wordCount).toBe(1234);
      },
    },
    {
      name: 'convertDocument',
      async run() {
        const { body } = await api.convertDocument(
          new module.ConvertDocumentRequest({ document, format: 'pdf' }),
        );
        expect(Buffer.from(body as Buffer).toString('latin1')).toMatch(/^%PDF-/);
      },
    },
  ];
}

const wordsDriver = (version: string, module: WordsModule): SdkDriver => ({
  label: `asposewordscloud ${version}`,
  packageName: 'asposewordscloud',
  version,
  replaysUnauthorized: true,
  keepsRetryAfter: true,
  rejectsUnhandled: false,
  make(url, clientId, clientSecret) {
    const api = new module.WordsApi(clientId, clientSecret, url);
    return { clients: [api], calls: wordsCalls(api, module) };
  },
});

const pdfDriver = (version: string, module: PdfModule): SdkDriver => ({
  label: `asposepdfcloud ${version}`,
  packageName: 'asposepdfcloud',
  version,
  replaysUnauthorized: true,
  keepsRetryAfter: true,
  rejectsUnhandled: true,
  make(url, clientId, clientSecret) {
    const api = new module.PdfApi(clientId, clientSecret);
    api.basePath = `${url}/v3.0`;
    return {
      clients: [api],
      calls: [
        {
          name: 'getPages',
          async run() {
            const { body } = await api.getPages('a.pdf');
            expect(body.pages?.list).toHaveLength(2);
          },
        },
        {
          name: 'getPdfInStorageToDoc',
          async run() {
            const { body } = await api.getPdfInStorageToDoc('a.pdf', undefined, 'docx');
            expect(Buffer.from(body).toString('utf8')).toContain(
              'converted by the cloud-token emulator to docx',
            );
          },
        },
      ],
    };
  },
});

/** What the tests use of the Cells SDK, the same in every tested version. */
interface CellsModule {
  CellsApi: new (
    clientId: string,
    clientSecret: string,
    apiVersion?: string,
    baseUrl?: string,
  ) => {
    getDocumentProperties(request: unknown): Promise<{
      body: { documentProperties?: { documentPropertyList?: { value?: string }[] } };
    }>;
    putConvertWorkbook(request: unknown): Promise<{ body: unknown }>;
  };
  GetDocumentPropertiesRequest: new (init: { name: string }) => unknown;
  PutConvertWorkbookRequest: new (init: {
    file: Record<string, Buffer>;
    format: string;
  }) => unknown;
}

const cellsDriver = (version: string, module: CellsModule): SdkDriver => ({
  label: `asposecellscloud ${version}`,
  packageName: 'asposecellscloud',
  version,
  replaysUnauthorized: true,
  keepsRetryAfter: false,
  rejectsUnhandled: false,
  make(url, clientId, clientSecret) {
    const api = new module.CellsApi(clientId, clientSecret, 'v3.0', url);
    return {
      clients: [api],
      calls: [
        {
          name: 'getDocumentProperties',
          async run() {
            const { body } = await api.getDocumentProperties(
              new module.GetDocumentPropertiesRequest({ name: 'book.xlsx' }),
            );
            expect(body.documentProperties?.documentPropertyList?.[0]?.value).toBe('book.xlsx');
          },
        },
        {
          name: 'putConvertWorkbook',
          async run() {
            const { body } = await api.putConvertWorkbook(
              new module.PutConvertWorkbookRequest({
                file: { 'book.xlsx': document },
                format: 'csv',
              }),
            );
            expect(Buffer.from(body as Buffer).toString('utf8')).toContain(
              'converted by the cloud-token emulator to csv',
            );
          },
        },
      ],
    };
  },
});

/** What the tests use of the Conversion SDK, the same in every tested version. */
interface ConversionModule {
  Configuration: new (appSid: string, appKey: string) => { apiBaseUrl: string };
  ConvertApi: {
    fromConfig(configuration: unknown): {
      convertDocument(request: unknown): Promise<{ name?: string }[]>;
      convertDocumentDirect(request: unknown): Promise<Buffer>;
    };
  };
  InfoApi: {
    fromConfig(configuration: unknown): {
      getSupportedConversionTypes(request: unknown): Promise<{ sourceFormat?: string }[]>;
    };
  };
  ConvertSettings: new () => { filePath: string; format: string };
  ConvertDocumentRequest: new (settings: unknown) => unknown;
  ConvertDocumentDirectRequest: new (format: string, file: Buffer) => unknown;
  GetSupportedConversionTypesRequest: new () => unknown;
}

const conversionDriver = (version: string, module: ConversionModule): SdkDriver => ({
  label: `groupdocs-conversion-cloud ${version}`,
  packageName: 'groupdocs-conversion-cloud',
  version,
  replaysUnauthorized: false,
  keepsRetryAfter: false,
  rejectsUnhandled: false,
  make(url, clientId, clientSecret) {
    const configuration = new module.Configuration(clientId, clientSecret);
    configuration.apiBaseUrl = url;
    const convertApi = module.ConvertApi.fromConfig(configuration);
    const infoApi = module.InfoApi.fromConfig(configuration);
    const settings = new module.ConvertSettings();
    settings.filePath = 'in/report.docx';
    settings.format = 'pdf';
    return {
      clients: [convertApi, infoApi],
      calls: [
        {
          name: 'ConvertApi.convertDocument',
          async run() {
            const results = await convertApi.convertDocument(
              new module.ConvertDocumentRequest(settings),
            );
            expect(results[0]?.name).toBe('in/report.pdf');
          },
        },
        {
          name: 'ConvertApi.convertDocumentDirect',
          async run() {
            const result = await convertApi.convertDocumentDirect(
              new module.ConvertDocumentDirectRequest('pdf', document),
            );
            expect(Buffer.from(result).toString('latin1')).toMatch(/^%PDF-/);
          },
        },
        {
          name: 'InfoApi.getSupportedConversionTypes',
          async run() {
            const formats = await infoApi.getSupportedConversionTypes(
              new module.GetSupportedConversionTypesRequest(),
            );
            expect(formats.map((format) => format.sourceFormat)).toContain('docx');
          },
        },
      ],
    };
  },
});

const viewerDriver: SdkDriver = {
  label: 'groupdocs-viewer-cloud 20.5.0',
  packageName: 'groupdocs-viewer-cloud',
  version: '20.5.0',
  replaysUnauthorized: false,
  keepsRetryAfter: false,
  rejectsUnhandled: false,
  make(url, clientId, clientSecret) {
    const configuration = new viewer.Configuration(clientId, clientSecret);
    configuration.apiBaseUrl = url;
    const infoApi = viewer.InfoApi.fromConfig(configuration);
    const viewApi = viewer.ViewApi.fromConfig(configuration);
    const viewOptions = new viewer.ViewOptions();
    viewOptions.fileInfo = new viewer.FileInfo();
    viewOptions.fileInfo.filePath = 'doc.docx';
    return {
      clients: [infoApi, viewApi],
      calls: [
        {
          name: 'InfoApi.getInfo',
          async run() {
            const info = await infoApi.getInfo(new viewer.GetInfoRequest(viewOptions));
            expect(info.pages).toHaveLength(2);
          },
        },
        {
          name: 'ViewApi.createView',
          async run() {
            const view = await viewApi.createView(new viewer.CreateViewRequest(viewOptions));
            expect(view.pages?.[0]?.path).toBe('viewer/document_docx/p1.html');
          },
        },
        {
          name: 'InfoApi.getSupportedFileFormats',
          async run() {
            const { formats } = await infoApi.getSupportedFileFormats();
            expect(formats?.map((format: viewer.Format) => format.extension)).toContain('.pdf');
          },
        },
      ],
    };
  },
};

/**
 * Whether `reason` is the rejection asposepdfcloud leaves unhandled: the
 * superagent error of one of its own requests.
 */
export function isPdfSdkRejection(reason: unknown): boolean {
  // superagent's error: `response.req` is the node:http ClientRequest it sent.
  const request = (
    reason as { response?: { req?: { getHeader?: (name: string) => unknown } } } | null
  )?.response?.req;
  return request?.getHeader?.('user-agent') === 'pdf nodejs sdk';
}

/** Every SDK version the package supports and tests: the newest, and the oldest whose auth code differs. */
export const sdkDrivers: readonly SdkDriver[] = [
  wordsDriver('24.12.0', words as unknown as WordsModule),
  wordsDriver('22.9.0', words22 as unknown as WordsModule),
  wordsDriver('20.10.0', words20 as unknown as WordsModule),
  pdfDriver('24.4.0', pdf),
  pdfDriver('24.3.0', pdf243),
  cellsDriver('25.12.0', cells as unknown as CellsModule),
  cellsDriver('23.4.0', cells23 as unknown as CellsModule),
  conversionDriver('24.4.0', conversion as unknown as ConversionModule),
  conversionDriver('21.10.0', conversion21 as unknown as ConversionModule),
  viewerDriver,
];
