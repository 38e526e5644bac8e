import { type Environment, variableOf } from './read-config.js';

/** Colours for one output stream; each function returns its text unchanged when colours are off. */
export interface TerminalStyle {
  readonly enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const paint =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/**
 * Colours only on a terminal, and never when `NO_COLOR` is set to anything
 * but the empty string (no-color.org) or `TERM` is `dumb`.
 */
export function terminalStyle(stream: { isTTY?: boolean }, env: Environment): TerminalStyle {
  const noColor = variableOf(env, 'NO_COLOR') !== undefined;
  const enabled = stream.isTTY === true && !noColor && variableOf(env, 'TERM') !== 'dumb';
  return {
    enabled,
    red: paint(enabled, 31, 39),
    green: paint(enabled, 32, 39),
    yellow: paint(enabled, 33, 39),
    bold: paint(enabled, 1, 22),
    dim: paint(enabled, 2, 22),
  };
}
