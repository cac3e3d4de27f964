import { existsSync } from 'node:fs';
import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import { usageError } from '../cli/errors.js';

interface EventsOptions {
  json?: boolean;
  since: string;
  network?: string;
}

export async function run(ctx: CommandContext, _args: string[], options: EventsOptions): Promise<number> {
  const [{ parseSince }, { openEventLog }] = await Promise.all([import('../core/earnings-since.js'), import('../store/events-db.js')]);
  const now = Date.now();
  const since = parseSince(options.since, now);
  if (options.network !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(options.network)) {
    throw usageError(`--network ${JSON.stringify(options.network)} is not a network id`, 'Use an id from `depin networks`, like storj.');
  }
  // Reading the log never creates the history: no file means nothing has happened yet.
  const events = existsSync(ctx.paths.dbFile) ? await readEvents(openEventLog, ctx.paths.dbFile, since, options.network) : [];
  const out = ctx.output;
  if (out.json) {
    out.printJson({ since: new Date(since).toISOString(), events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
    return 0;
  }
  if (events.length === 0) {
    out.err(`No events since ${new Date(since).toISOString()}${options.network ? ` for ${options.network}` : ''}. \`depin daemon\` records them.`);
    return 0;
  }
  const rows = events.map((e) => [new Date(e.at).toISOString().replace('T', ' ').slice(0, 19), e.network ?? '', e.kind, e.detail]);
  out.out(await renderTable(['time (UTC)', 'network', 'event', 'detail'], rows, { colour: out.paintOut('bold', 'x') !== 'x' }));
  return 0;
}

async function readEvents(open: typeof import('../store/events-db.js').openEventLog, file: string, since: number, network?: string) {
  const log = await open(file);
  try {
    return log.since(since, network);
  } finally {
    log.close();
  }
}
