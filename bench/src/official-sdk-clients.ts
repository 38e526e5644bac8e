import { createRequire } from 'node:module';
import * as cells from 'asposecellscloud';
import * as slides from 'asposeslidescloud';
import * as words from 'asposewordscloud';
import * as conversion from 'groupdocs-conversion-cloud';
import * as viewer from 'groupdocs-viewer-cloud';

/** One client of an official SDK against the emulator, and the call the suite makes with it. */
export interface OfficialSdkClient {
  /** Every API object of the client (a GroupDocs SDK splits its API). */
  readonly apis: readonly object[];
  call(): Promise<unknown>;
}

/** An official SDK as the bench runs it: its newest version that installs and loads. */
export interface OfficialSdk {
  /** `asposewordscloud 24.12.0`. */
  readonly name: string;
  /** Whether `@cloud-token/sdk` covers it. */
  readonly bridged: boolean;
  make(emulatorUrl: string, clientId: string, clientSecret: string): OfficialSdkClient;
}

/** asposepdfcloud ships its TypeScript sources next to its declarations: loaded untyped, typed by what is used. */
const pdf = createRequire(import.meta.url)('asposepdfcloud') as {
  PdfApi: new (
    appSid: string,
    appKey: string,
  ) => { basePath: string; getPages(name: string): Promise<unknown> };
};

/** The SDKs of the issue that install here, each with its most used call. */
export const officialSdks: readonly OfficialSdk[] = [
  {
    name: 'asposewordscloud 24.12.0',
    bridged: true,
    make(url, clientId, clientSecret) {
      const api = new words.WordsApi(clientId, clientSecret, url);
      return {
        apis: [api],
        call: () =>
          api.getDocumentStatistics(new words.GetDocumentStatisticsRequest({ name: 'doc.docx' })),
      };
    },
  },
  {
    name: 'asposepdfcloud 24.4.0',
    bridged: true,
    make(url, clientId, clientSecret) {
      const api = new pdf.PdfApi(clientId, clientSecret);
      api.basePath = `${url}/v3.0`;
      return { apis: [api], call: () => api.getPages('a.pdf') };
    },
  },
  {
    name: 'asposecellscloud 25.12.0',
    bridged: true,
    make(url, clientId, clientSecret) {
      const api = new cells.CellsApi(clientId, clientSecret, 'v3.0', url);
      return {
        apis: [api],
        call: () =>
          api.getDocumentProperties(new cells.GetDocumentPropertiesRequest({ name: 'book.xlsx' })),
      };
    },
  },
  {
    name: 'groupdocs-conversion-cloud 24.4.0',
    bridged: true,
    make(url, clientId, clientSecret) {
      const configuration = new conversion.Configuration(clientId, clientSecret);
      configuration.apiBaseUrl = url;
      const api = conversion.InfoApi.fromConfig(configuration);
      return {
        apis: [api],
        call: () =>
          api.getSupportedConversionTypes(new conversion.GetSupportedConversionTypesRequest()),
      };
    },
  },
  {
    name: 'groupdocs-viewer-cloud 20.5.0',
    bridged: true,
    make(url, clientId, clientSecret) {
      const configuration = new viewer.Configuration(clientId, clientSecret);
      configuration.apiBaseUrl = url;
      const api = viewer.InfoApi.fromConfig(configuration);
      return { apis: [api], call: () => api.getSupportedFileFormats() };
    },
  },
  {
    name: 'asposeslidescloud 23.1.0',
    bridged: false,
    make(url, clientId, clientSecret) {
      const api = new slides.SlidesApi(clientId, clientSecret, url);
      return { apis: [api], call: () => api.getSlides('deck.pptx') };
    },
  },
];
