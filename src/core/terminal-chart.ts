import type { DailyValues } from './daily-values.js';

export interface ChartOptions {
  /** Terminal columns the chart may use (it never writes wider). */
  width: number;
  /** Rows of bars (default 10). */
  height?: number;
  /** ANSI colours and block glyphs; false gives plain ASCII (NO_COLOR, not a terminal). */
  colour: boolean;
  /** Currency code shown on the axis and the legend, e.g. USD. */
  currency: string;
}

// Each network keeps its own glyph in plain mode, so the bars stay readable without colour.
const GLYPHS = ['#', '=', '*', '+', 'o', '%', '@', 'x', '~', ':', '&', '$', 'v'];
const COLOURS = [36, 35, 33, 32, 34, 31, 96, 95, 93, 92, 94, 91, 37];
const MIN_WIDTH = 30;

function money(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

interface Column {
  /** Value per series, in series order. */
  values: number[];
  unpriced: boolean;
  days: string[];
}

/** Days grouped so that each column of the plot holds one or more consecutive days. */
function columnsFor(data: DailyValues, plotWidth: number): { columns: Column[]; cellWidth: number } {
  const perColumn = Math.max(1, Math.ceil(data.days.length / plotWidth));
  const columns: Column[] = [];
  for (let start = 0; start < data.days.length; start += perColumn) {
    const end = Math.min(data.days.length, start + perColumn);
    const values = data.series.map((s) => s.values.slice(start, end).reduce((a, b) => a + b, 0));
    const unpriced = data.series.some((s) => s.unpriced.slice(start, end).some(Boolean));
    columns.push({ values, unpriced, days: data.days.slice(start, end) });
  }
  const cellWidth = Math.max(1, Math.floor(plotWidth / Math.max(1, columns.length)));
  return { columns, cellWidth };
}

const tallest = (columns: Column[]) => Math.max(...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));

/** Which series fills row `row` (0 = bottom) of a column, or -1 for none. */
function seriesAt(values: number[], row: number, height: number, max: number): number {
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0) return -1;
  const level = ((row + 0.5) * max) / height;
  if (level > total) {
    // A small but real amount still shows as one row rather than vanishing.
    return row === 0 ? values.indexOf(Math.max(...values)) : -1;
  }
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += values[i];
    if (level <= cumulative) return i;
  }
  return values.length - 1;
}

/**
 * Stacked daily bars per network, drawn in text, never wider than `width`. Days with earnings but no
 * price carry a `?` above their bar. Plain ASCII without colour; block glyphs in ANSI colours with it.
 */
export function renderChart(data: DailyValues, options: ChartOptions): string {
  const height = Math.max(3, options.height ?? 10);
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  const first = data.days[0] ?? '';
  const last = data.days[data.days.length - 1] ?? '';
  const title = `Earned per day in ${options.currency}, ${first} to ${last}, stacked by network`;
  const anything = data.series.some((s) => s.values.some((v) => v > 0) || s.unpriced.some(Boolean));
  if (!anything || data.days.length === 0) return `${clip(title, width)}\nNo earnings recorded in this period.\n`;

  // The axis label's width sets the plot's, and grouping days changes the tallest bar: settle both.
  let labelWidth = 1;
  let layout = columnsFor(data, width - labelWidth - 2);
  let max = tallest(layout.columns);
  while (money(max).length > labelWidth) {
    labelWidth = money(max).length;
    layout = columnsFor(data, width - labelWidth - 2);
    max = tallest(layout.columns);
  }
  const { columns, cellWidth } = layout;
  const maxLabel = money(max);
  const glyph = (i: number) => (options.colour ? `\u001b[${COLOURS[i % COLOURS.length]}m\u2588\u001b[39m` : GLYPHS[i % GLYPHS.length]);
  const barWidth = cellWidth > 2 ? cellWidth - 1 : cellWidth;

  const grid: string[][] = [];
  for (let row = height - 1; row >= 0; row--) {
    const cells: string[] = [];
    for (const column of columns) {
      const who = max > 0 ? seriesAt(column.values, row, height, max) : -1;
      let cell = who >= 0 ? glyph(who) : ' ';
      if (who < 0 && column.unpriced) {
        // The `?` sits just above the bar (or on the axis when there is no bar).
        const below = row === 0 ? 0 : max > 0 ? seriesAt(column.values, row - 1, height, max) : -1;
        if (row === 0 || below >= 0) cell = '?';
      }
      cells.push(cell.repeat(barWidth) + ' '.repeat(cellWidth - barWidth));
    }
    grid.push(cells);
  }
  // A full-height bar has no room above it: its top cell turns into the mark.
  columns.forEach((column, j) => {
    if (column.unpriced && !grid.some((cells) => cells[j].includes('?'))) grid[0][j] = '?'.repeat(barWidth) + ' '.repeat(cellWidth - barWidth);
  });

  const lines = [clip(title, width)];
  grid.forEach((cells, i) => {
    const label = i === 0 ? maxLabel : '';
    lines.push(`${label.padStart(labelWidth)} |${cells.join('')}`);
  });
  const plotUsed = columns.length * cellWidth;
  lines.push(`${'0'.padStart(labelWidth)} +${'-'.repeat(plotUsed)}`);
  const axisPad = ' '.repeat(labelWidth + 2);
  const gap = plotUsed - first.length - last.length;
  lines.push(gap >= 1 && first !== last ? `${axisPad}${first}${' '.repeat(gap)}${last}` : `${axisPad}${first}`);
  if (columns.some((c) => c.days.length > 1)) lines.push(`${axisPad}(each column is ${columns[0].days.length} days)`);

  const legend = data.series.map((s, i) => {
    const total = s.values.reduce((a, b) => a + b, 0);
    const text = clip(`${s.network} ${money(total)} ${options.currency}${s.unpriced.some(Boolean) ? ' (+ unpriced days)' : ''}`, width - 2);
    return `${glyph(i)} ${text}`;
  });
  if (data.series.some((s) => s.unpriced.some(Boolean))) legend.push('? earnings on a day with no price');
  lines.push(...wrapLegend(legend, width));
  return `${lines.join('\n')}\n`;
}

const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 3)}...` : text;
}

/** Legend entries joined on lines no wider than the chart. */
function wrapLegend(entries: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const entry of entries) {
    if (line && visible(line) + 2 + visible(entry) > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}  ${entry}` : entry;
  }
  if (line) lines.push(line);
  return lines;
}
