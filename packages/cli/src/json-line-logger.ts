import type { Logger } from '@cloud-token/core';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * A logger that writes one JSON object per line (`time`, `level`, `msg`,
 * then the fields), for log collectors and `jq`. The token source's lines
 * come through it already scrubbed of secrets; the command line's and the
 * sidecar's own lines carry none. `debug` lines only when `verbose`.
 */
export function jsonLineLogger(write: (line: string) => void, verbose: boolean): Required<Logger> {
  const line =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (level === 'debug' && !verbose) return;
      const { time: _time, level: _level, msg: _msg, ...rest } = fields;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...rest })}\n`,
      );
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
