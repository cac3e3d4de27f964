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

/** Renders a table with cli-table3 (loaded only when a table is printed). */
export async function renderTable(head: string[], rows: (string | number)[][], options: { colour: boolean }): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head,
    style: options.colour ? { head: ['cyan'], border: ['gray'] } : { head: [], border: [] },
    wordWrap: true,
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}
