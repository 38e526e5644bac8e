import { Writable } from 'node:stream';

/** A stream for Fastify's logger (pino) that keeps every JSON line it writes. */
export function logLines(): {
  stream: Writable;
  lines(): Record<string, unknown>[];
  text(): string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
