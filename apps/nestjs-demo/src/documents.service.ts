// Value imports (not `import type`): tsc writes these classes into the decorator metadata
// that Nest reads to inject them.
import { CloudTokenService } from '@cloud-token/nestjs';
import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { documentsFolder } from './documents-settings.js';

/**
 * The cloud calls of the documents service. Reads go through the module's
 * `HttpService` (axios, with cloud-token attached by `CloudTokenHttpBinding`);
 * answers passed through to the browser as they are (uploads, conversions)
 * come from `CloudTokenService.fetch`. No `@Inject()`: the constructor's
 * parameter types, in the decorator metadata tsc emits, tell Nest what to inject.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly http: HttpService,
    private readonly cloud: CloudTokenService,
  ) {}

  /** The folder's files, as the cloud lists them. */
  async list(): Promise<unknown> {
    // Relative, no leading slash: below the instance's baseURL, version segment included.
    const answer = await firstValueFrom(this.http.get(`words/storage/folder/${documentsFolder}`));
    return answer.data;
  }

  /** One document's details. */
  async details(name: string): Promise<unknown> {
    const answer = await firstValueFrom(
      this.http.get(`words/${encodeURIComponent(name)}`, { params: { folder: documentsFolder } }),
    );
    return answer.data;
  }

  /** Stores `content` as the document `name`; the cloud's answer, to pass through. */
  upload(name: string, content: Uint8Array<ArrayBuffer>, contentType: string): Promise<Response> {
    return this.cloud.fetch(`words/storage/file/${documentsFolder}/${encodeURIComponent(name)}`, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: content,
    });
  }

  /** The document converted to `format`; the cloud's answer, streamed through. */
  convert(name: string, format: string): Promise<Response> {
    const query = new URLSearchParams({ folder: documentsFolder, format });
    return this.cloud.fetch(`words/${encodeURIComponent(name)}?${query}`);
  }

  /** Until when the service holds a token (obtaining one if it has none). */
  async tokenExpiresAt(): Promise<string> {
    const token = await this.cloud.getToken();
    return new Date(token.expiresAt).toISOString();
  }
}
