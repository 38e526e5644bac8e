import { ratioOf, type SuiteFigure } from './figure.js';

const COLUMNS = ['suite', 'figure', 'value', 'baseline', 'ratio'] as const;

/** Renders figures as a Markdown table (readable in a terminal, pasteable into docs). */
export function formatResultTable(figures: readonly SuiteFigure[]): string {
  const rows = figures.map((entry) => [
    entry.suite,
    entry.figure,
    withUnit(entry.value, entry.unit),
    baselineCell(entry),
    ratioCell(entry),
  ]);
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(COLUMNS), rule, ...rows.map(line)].join('\n');
}

/** The ratio, marked `(paired)` when it is the median of each round's ratio. */
function ratioCell(entry: SuiteFigure): string {
  const ratio = ratioOf(entry);
  if (ratio === undefined) return '—';
  return entry.ratio === undefined ? formatRatio(ratio) : `${formatRatio(ratio)} (paired)`;
}

function baselineCell(entry: SuiteFigure): string {
  if (entry.baseline === undefined) return entry.baselineLabel ?? '—';
  const value = withUnit(entry.baseline, entry.unit);
  return entry.baselineLabel === undefined ? value : `${value} (${entry.baselineLabel})`;
}

function withUnit(value: number, unit: string): string {
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

/** Whole numbers with separators; small numbers with three significant digits. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 100) {
    return Math.round(value).toLocaleString('en-US');
  }
  return value.toPrecision(3);
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toPrecision(3)}×`;
}
