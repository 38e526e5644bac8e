import {
  type JudgedStep,
  judgeTour,
  type TourStepName,
  type TourSteps,
  tourStepLabels,
} from './tour-steps.js';

/**
 * One column of the summary: an adapter and what its tour measured, or
 * `undefined` when its demo ended without a result.
 *
 * @example
 * ```ts
 * const column: SummaryColumn = { adapter: 'core', steps: report.steps };
 * ```
 */
export interface SummaryColumn {
  adapter: string;
  steps: TourSteps | undefined;
}

/**
 * The summary of one or more tours as text lines: a row per tour step, a
 * column per adapter, each cell `✓` or `✗` with what was measured.
 *
 * @returns the lines, and whether every cell behaved
 * @example
 * ```ts
 * const { lines, allBehaved } = formatSummaryTable([{ adapter: 'core', steps }]);
 * for (const line of lines) console.log(line);
 * ```
 */
export function formatSummaryTable(columns: readonly SummaryColumn[]): {
  lines: string[];
  allBehaved: boolean;
} {
  const judged = columns.map((column) => (column.steps ? judgeTour(column.steps) : undefined));
  const rows = Object.keys(tourStepLabels) as TourStepName[];
  const cellOf = (step: JudgedStep | undefined): [string, string] =>
    step
      ? [`${step.behaved ? '✓' : '✗'} ${step.headline}`, `  ${step.detail}`]
      : ['✗ no result', '  (the demo failed)'];
  const table: string[][][] = [
    [['step', ''], ...columns.map((column): string[] => [column.adapter, ''])],
    ...rows.map((row) => [
      [...tourStepLabels[row]],
      ...judged.map((column) => cellOf(column?.[row])),
    ]),
  ];
  const widths = (table[0] ?? []).map((_, index) =>
    Math.max(...table.flatMap((row) => (row[index] ?? []).map((line) => line.length))),
  );
  const lines: string[] = [];
  const rule = (left: string, middle: string, right: string): string =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  lines.push(rule('┌', '┬', '┐'));
  table.forEach((row, rowIndex) => {
    if (rowIndex > 0) lines.push(rule('├', '┼', '┤'));
    const height = rowIndex === 0 ? 1 : 2;
    for (let line = 0; line < height; line += 1) {
      const cells = row.map((cell, index) => (cell[line] ?? '').padEnd(widths[index] ?? 0));
      lines.push(`│ ${cells.join(' │ ')} │`);
    }
  });
  lines.push(rule('└', '┴', '┘'));
  const allBehaved =
    judged.length > 0 &&
    judged.every(
      (column) => column !== undefined && Object.values(column).every((step) => step.behaved),
    );
  return { lines, allBehaved };
}
