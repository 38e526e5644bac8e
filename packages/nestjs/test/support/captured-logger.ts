import type { LoggerService } from '@nestjs/common';

/** One line a Nest logger was given. */
export interface CapturedLine {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  text: string;
}

/**
 * A Nest `LoggerService` that keeps every line (its message and the rest of
 * its arguments, as text) instead of printing it: give it to
 * `Test.createTestingModule(…).setLogger()` and `createNestApplication({ logger })`.
 */
export function captureNestLogs(): LoggerService & { readonly lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const keep =
    (level: CapturedLine['level']) =>
    (...parts: unknown[]) => {
      lines.push({ level, text: parts.map(String).join(' ') });
    };
  return {
    lines,
    log: keep('log'),
    error: keep('error'),
    warn: keep('warn'),
    debug: keep('debug'),
    verbose: keep('verbose'),
    fatal: keep('fatal'),
  };
}
