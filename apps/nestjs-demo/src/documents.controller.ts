import { sendCloudAnswer } from '@cloud-token/core/node';
import { Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DocumentsService } from './documents.service.js';

/** An upload larger than this is refused (413). */
const uploadLimitBytes = 20 * 1024 * 1024;

async function readBody(req: Request): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > uploadLimitBytes) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The browser's API: list, details, upload and convert documents, and
 * whether the backend can reach the cloud. The browser never holds the
 * cloud's secret or token; cloud-token errors answer as problem+json (the
 * `CloudTokenExceptionFilter`).
 */
@Controller('api')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('documents')
  list(): Promise<unknown> {
    return this.documents.list();
  }

  @Get('documents/:name')
  details(@Param('name') name: string): Promise<unknown> {
    return this.documents.details(name);
  }

  /** The body is read here, whole, so that a 401 can replay the upload with a fresh token. */
  @Put('documents/:name')
  async upload(
    @Param('name') name: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const content = await readBody(req);
    if (content === undefined) {
      res.status(413).json({ error: 'upload too large' });
      return;
    }
    const contentType = req.get('content-type') ?? 'application/octet-stream';
    await sendCloudAnswer(res, await this.documents.upload(name, content, contentType));
  }

  @Get('documents/:name/convert')
  async convert(
    @Param('name') name: string,
    @Query('format') format: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await sendCloudAnswer(res, await this.documents.convert(name, format ?? 'pdf'));
  }

  @Get('cloud-status')
  async status(): Promise<{ connected: true; tokenExpiresAt: string }> {
    return { connected: true, tokenExpiresAt: await this.documents.tokenExpiresAt() };
  }
}
