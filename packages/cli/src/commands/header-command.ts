import { EXIT_CODES } from '../exit-codes.js';
import { credentialFlags, helpFlag, sidecarFlag } from '../flags.js';
import { openTokenSource, withTokenSource } from '../open-token-source.js';
import type { Command } from '../types.js';

/** `cloud-token header`: prints `Authorization: Bearer …` for `curl -H @-`. */
export const headerCommand: Command = {
  name: 'header',
  summary: 'print an Authorization header for curl -H @-',
  usage: ['cloud-token header [flags]'],
  description: [
    'Prints the header line `Authorization: Bearer <token>` on stdout, for tools that read',
    'headers from a file or from stdin, such as curl -H @-.',
  ].join('\n'),
  flags: { ...credentialFlags, ...sidecarFlag, ...helpFlag },
  examples: ['cloud-token header | curl -H @- https://api.aspose.cloud/v4.0/words/doc.docx'],
  async run(parsed, io) {
    const opened = await openTokenSource(this.flags, parsed, io);
    return withTokenSource(opened, io, async ({ source }) => {
      const token = await source.getToken();
      io.stdout.write(`Authorization: ${token.authorization}\n`);
      return EXIT_CODES.ok;
    });
  },
};
