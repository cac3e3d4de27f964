import { colorEnabled, painter, type Painter } from './style.js';
import { cliStdout } from './stdout-guard.js';

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
  const stdout = options.stdout ?? cliStdout();
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
// East Asian wide and emoji code points take two terminal cells (the ranges cli-table3 counts as wide).
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f000}-\u{1faff}\u{20000}-\u{3fffd}]/u;
const charWidth = (ch: string) => (WIDE.test(ch) ? 2 : 1);
const lineWidth = (line: string) => [...line].reduce((sum, ch) => sum + charWidth(ch), 0);
const visibleWidth = (cell: string) => Math.max(...cell.replace(ANSI, '').split('\n').map(lineWidth));

/**
 * cli-table3 cuts a word longer than its column and adds "…", which would hide part of an address or
 * a label; such words are broken into column-wide pieces instead (coloured words are short and left alone).
 */
export function breakLongWords(cell: string, width: number): string {
  if (width < 1) return cell;
  return cell.replace(/[^\s]+/g, (word) => {
    if (word.includes('\u001b') || lineWidth(word) <= width) return word;
    const pieces: string[] = [];
    let piece = '';
    for (const ch of word) {
      if (piece && lineWidth(piece) + charWidth(ch) > width) {
        pieces.push(piece);
        piece = '';
      }
      piece += ch;
    }
    return [...pieces, piece].join('\n');
  });
}

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
  const colWidths = fitColumns(head, cells, maxWidth);
  const table = new Table({
    head,
    colWidths,
    style: options.colour ? { head: ['cyan'], border: ['gray'] } : { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  // Each column has one space of padding on either side.
  for (const row of cells) table.push(row.map((cell, i) => breakLongWords(cell, (colWidths[i] ?? 0) - 2)));
  return table.toString();
}
