import { usageError } from '../domain/errors.js';

/** What `depin earnings` shows: the table, a chart, net profit after power, or an export for another tool. */
export type EarningsView = { kind: 'table' } | { kind: 'chart' } | { kind: 'net' } | { kind: 'export'; format: ExportFormat };

export const EXPORT_FORMATS = ['rotki'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ViewFlags {
  json?: boolean;
  csv?: boolean;
  chart?: boolean;
  net?: boolean;
  export?: string;
}

/**
 * Picks the one view the flags ask for. Views exclude each other, and an export is its own output
 * format, so it excludes --json and --csv too; each conflict is a usage error naming both flags.
 */
export function pickView(flags: ViewFlags): EarningsView {
  const views = [flags.chart ? '--chart' : '', flags.net ? '--net' : '', flags.export !== undefined ? '--export' : ''].filter(Boolean);
  if (views.length > 1) throw usageError(`${views.join(' and ')} cannot be used together`, 'They are different views of the earnings: pick one.');
  if (flags.json && flags.csv) throw usageError('--json and --csv cannot be used together', 'Pick one output format.');
  if (flags.export !== undefined) {
    const format = flags.export.trim().toLowerCase();
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw usageError(`--export ${JSON.stringify(flags.export)} is not a format depin can write`, `Use one of: ${EXPORT_FORMATS.join(', ')}.`);
    }
    for (const other of [flags.json ? '--json' : '', flags.csv ? '--csv' : ''].filter(Boolean)) {
      throw usageError(`--export and ${other} cannot be used together`, '--export writes its own CSV on stdout: drop the other flag.');
    }
    return { kind: 'export', format: format as ExportFormat };
  }
  if (flags.chart && flags.csv) throw usageError('--chart and --csv cannot be used together', 'The chart is a picture of the same figures: pick one.');
  if (flags.net && flags.csv) throw usageError('--net and --csv cannot be used together', 'Use --net with or without --json; --csv is the per-day ledger.');
  return flags.chart ? { kind: 'chart' } : flags.net ? { kind: 'net' } : { kind: 'table' };
}
