import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { COMMANDS, ENVIRONMENT_HELP, type CommandSpec } from './registry.js';
import { DepinError, EXIT } from './errors.js';
import { createOutput } from './output.js';
import { reportError } from './report-error.js';
import { cliStdout, flushOutput, guardStdout } from './stdout-guard.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXIT_HELP = `
Exit codes:
  0 ok · 1 failure · 2 usage error · 3 not eligible · 4 not configured
  5 partial (some chains or nodes could not be read) · 130 cancelled

${ENVIRONMENT_HELP}`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function addCommand(parent: Command, spec: CommandSpec): void {
  const cmd = parent.command(spec.args ? `${spec.name} ${spec.args}` : spec.name).description(spec.description);
  for (const o of spec.options ?? []) {
    const option = new Option(o.flags, o.description);
    if (o.repeatable) option.argParser(collect);
    if (o.default !== undefined) option.default(o.default);
    cmd.addOption(option);
  }
  if (spec.help) cmd.addHelpText('after', spec.help);
  cmd.exitOverride();
  if (spec.subcommands) {
    for (const sub of spec.subcommands) addCommand(cmd, sub);
    return;
  }
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts();
    const args = command.args;
    const [{ createContext }, { reportError }] = await Promise.all([import('./context.js'), import('./report-error.js')]);
    const ctx = createContext({ json: Boolean(options.json) });
    try {
      const mod = await spec.load!();
      const code = await mod.run(ctx, args, options);
      process.exitCode = code ?? EXIT.ok;
    } catch (error) {
      process.exitCode = reportError(error, ctx.output, ctx.env);
    }
  });
}

/** The program, built from the registration list; `write` receives commander's own output. */
export function buildProgram(
  write: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => void cliStdout().write(s), err: (s) => void process.stderr.write(s) },
): Command {
  const program = new Command('depin')
    .description('Detect, join, monitor and track earnings across DePIN networks')
    .version(version(), '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_HELP)
    .exitOverride();
  program.configureOutput({ writeErr: write.err, writeOut: write.out, getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
  for (const spec of COMMANDS) addCommand(program, spec);
  return program;
}

/** Whether the user asked for JSON: `--json` anywhere before a `--` terminator. */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Runs the CLI; sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  const json = wantsJson(argv.slice(2));
  // Plugins run inside this process; whatever they print must not corrupt the one JSON document.
  if (json) guardStdout();
  // A plugin may leave a promise rejected with nobody listening; that is the plugin's fault, not a
  // reason to end the command with a stack trace.
  process.on('unhandledRejection', (reason) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    process.stderr.write(`warning: ignored an unhandled promise rejection (from a plugin?): ${message.split('\n')[0]}\n`);
    if (process.env.DEPIN_DEBUG && reason instanceof Error && reason.stack) process.stderr.write(`${reason.stack}\n`);
  });
  // Ctrl-C ends the command at once with 130, whatever it was waiting on (a slow endpoint's retries,
  // a price request): finishing the work the user just cancelled would only print stale output.
  // Files are written atomically and SQLite rolls back an unfinished transaction, so stopping here is safe.
  process.once('SIGINT', () => {
    const output = createOutput({ json });
    process.exit(reportError(new DepinError('CANCELLED', 'cancelled', { kind: 'cancelled' }), output, {}));
  });
  // `depin detect | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0 in commander; a command group called without its subcommand prints
      // its help with exit 1, and every parse error is ours to report as a usage error.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      // Commander has already said what is wrong on stderr; --json promises the error on stdout too.
      if (json && error.exitCode !== 0) {
        const message = error.message.replace(/^error: /, '');
        createOutput({ json }).printJson({ error: { code: 'USAGE', message, suggestion: null, exitCode: EXIT.usage } });
      }
      return;
    }
    throw error;
  }
}

/**
 * Runs the CLI and ends the process once its output is flushed: a finished command must not be
 * held open by what it leaves behind (a plugin's timer or socket, a native call that never returns).
 */
export async function run(argv: string[]): Promise<never> {
  await main(argv);
  // A reader that never drains the pipe must not hold the process either.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([flushOutput(), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
  clearTimeout(timer);
  process.exit(process.exitCode ?? 0);
}
