import { colorEnabled, painter, type Painter } from './style.js';

/**
 * Where a command writes. Data goes to stdout (exactly one JSON document with --json); progress,
 * warnings and errors go to stderr.
 */
export interface Output {
  json: boolean;
  paint: Painter;
  /** stdout colours (tables), decided separately from stderr. */
  paintOut: Painter;
  out(text: string): void;
  err(text: string): void;
  printJson(value: unknown): void;
  warn(text: string): void;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function createOutput(options: { json: boolean; env?: NodeJS.ProcessEnv; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Output {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const paint = painter(colorEnabled(stderr, env, options.json));
  const paintOut = painter(colorEnabled(stdout, env, options.json));
  return {
    json: options.json,
    paint,
    paintOut,
    out: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    printJson: (value) => void stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`),
    warn: (text) => void stderr.write(`${paint('yellow', 'warning:')} ${text}\n`),
  };
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleWidth = (cell: string) =>
  Math.max(
    ...cell
      .replace(ANSI, '')
      .split('\n')
      .map((l) => [...l].length),
  );

/**
 * Column widths that fit `maxWidth`: each column gets its natural width, then the widest columns
 * give way (their text wraps) until the table fits.
 */
export function fitColumns(head: string[], rows: string[][], maxWidth: number): number[] {
  const widths = head.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))) + 2);
  const borders = head.length + 1;
  let total = widths.reduce((a, b) => a + b, 0) + borders;
  while (total > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 14) break;
    widths[widest]--;
    total--;
  }
  return widths;
}

/** Renders a table with cli-table3 (loaded only when a table is printed), wrapped to the terminal. */
export async function renderTable(head: string[], rows: (string | number)[][], options: { colour: boolean; maxWidth?: number }): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const cells = rows.map((r) => r.map(String));
  const maxWidth = options.maxWidth ?? (process.stdout.columns && process.stdout.columns > 40 ? process.stdout.columns : 120);
  const table = new Table({
    head,
    colWidths: fitColumns(head, cells, maxWidth),
    style: options.colour ? { head: ['cyan'], border: ['gray'] } : { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const row of cells) table.push(row);
  return table.toString();
}
