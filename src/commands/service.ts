import { existsSync, mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandContext, CommandModule } from '../cli/context.js';
import { DepinError, usageError } from '../cli/errors.js';
import { DAEMON_UNIT, daemonUnit } from '../core/daemon-unit.js';
import { unitFileName, type UnitScope } from '../core/systemd-unit.js';
import type { RuntimeFailure } from '../system/runtime-types.js';

interface ServiceOptions {
  system?: boolean;
  json?: boolean;
}

const UNIT_FILE = unitFileName(DAEMON_UNIT);

/** --system needs root (it writes /etc/systemd/system); a user unit needs no privileges. */
function scopeOf(options: ServiceOptions, verb: string): UnitScope {
  if (process.platform !== 'linux') {
    throw new DepinError('NO_SYSTEMD', 'depin service manages a systemd unit, and systemd runs only on Linux', {
      kind: 'not-configured',
      suggestion: 'Run `depin daemon` under the service manager of this system.',
    });
  }
  if (!options.system) return 'user';
  if (process.getuid?.() !== 0)
    throw usageError(
      `--system needs root: a system unit goes to /etc/systemd/system`,
      `Run \`sudo depin service ${verb} --system\`, or leave out --system for a user unit.`,
    );
  return 'system';
}

function runtimeError(error: RuntimeFailure): DepinError {
  const detail = error.output ? `\n${error.output}` : '';
  return new DepinError('SERVICE_FAILED', `${error.message}${detail}`, {
    kind: error.kind === 'not-installed' ? 'not-configured' : 'failure',
    suggestion:
      error.kind === 'not-installed' ? 'systemctl is not on PATH: this machine does not run systemd; run `depin daemon` under another supervisor.' : undefined,
  });
}

/** Lingering decides whether a user unit runs from boot; null when loginctl could not say. */
async function linger(ctx: CommandContext): Promise<{ user: string; linger: boolean | null; reason?: string }> {
  const { lingerStatus } = await import('../system/systemd.js');
  const user = userInfo().username;
  const result = await lingerStatus(user, { env: ctx.env });
  return result.ok ? { user, linger: result.value.linger } : { user, linger: null, reason: result.error.message };
}

function lingerText(l: { user: string; linger: boolean | null; reason?: string }): string {
  if (l.linger === true) return `Lingering is on for ${l.user}: the daemon runs from boot, logged in or not.`;
  const why = l.linger === null ? `Lingering of ${l.user} could not be read (${l.reason}).` : `Lingering is off for ${l.user}.`;
  return `${why} Without it this user unit starts at your login and stops when your last session ends. To run it from boot: loginctl enable-linger ${l.user}`;
}

function unitPath(ctx: CommandContext, scope: UnitScope, unitDirectory: (s: UnitScope, env: NodeJS.ProcessEnv) => string): string {
  return join(unitDirectory(scope, ctx.env), UNIT_FILE);
}

export const install: CommandModule = {
  async run(ctx, _args, options: ServiceOptions) {
    const scope = scopeOf(options, 'install');
    const systemd = await import('../system/systemd.js');
    const { spec, hardening } = daemonUnit({
      scope,
      nodePath: process.execPath,
      binPath: fileURLToPath(new URL('../../../bin/depin.js', import.meta.url)),
      paths: ctx.paths,
      home: ctx.env.HOME ?? homedir(),
      depinHome: ctx.env.DEPIN_HOME || undefined,
    });
    // ProtectSystem=strict leaves only existing folders writable, so they must exist before it starts.
    for (const dir of [ctx.paths.config, ctx.paths.data, ctx.paths.logs]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const installed = await systemd.installUnit(spec, { env: ctx.env });
    if (!installed.ok) throw runtimeError(installed.error);
    const l = scope === 'user' ? await linger(ctx) : undefined;
    const out = ctx.output;
    if (out.json) {
      out.printJson({
        unit: UNIT_FILE,
        scope,
        path: installed.value.path,
        changed: installed.value.changed,
        execStart: spec.execStart,
        hardening,
        ...(l ? { linger: l.linger } : {}),
      });
      return 0;
    }
    out.err(`${UNIT_FILE} ${installed.value.changed ? 'written to' : 'unchanged at'} ${installed.value.path}, enabled and started.`);
    out.err(`It runs: ${spec.execStart.join(' ')}`);
    if (scope === 'system')
      out.err(
        `Sandbox: ProtectSystem=${hardening.protectSystem}${hardening.readWritePaths.length ? ` (writable: ${hardening.readWritePaths.join(', ')})` : ''}, ProtectHome=${hardening.protectHome ?? 'no (the data folder is in a home folder)'}, ${hardening.privateTmp ? 'PrivateTmp' : "shared /tmp (depin's folders are under it)"}, NoNewPrivileges.`,
      );
    else out.err('Sandbox: NoNewPrivileges (a user manager cannot set up the rest; `sudo depin service install --system` gets the full sandbox).');
    if (l) out.err(lingerText(l));
    out.err(`Follow it with \`depin service status\`, \`depin events\` and \`journalctl ${scope === 'user' ? '--user ' : ''}-u ${UNIT_FILE}\`.`);
    return 0;
  },
};

export const uninstall: CommandModule = {
  async run(ctx, _args, options: ServiceOptions) {
    const scope = scopeOf(options, 'uninstall');
    const systemd = await import('../system/systemd.js');
    const path = unitPath(ctx, scope, systemd.unitDirectory);
    const removed = await systemd.removeUnit(DAEMON_UNIT, scope, { env: ctx.env });
    if (!removed.ok) throw runtimeError(removed.error);
    if (ctx.output.json) ctx.output.printJson({ unit: UNIT_FILE, scope, path, removed: removed.value.removed });
    else
      ctx.output.err(
        removed.value.removed ? `${UNIT_FILE} stopped, disabled and removed (${path}).` : `${UNIT_FILE} was not installed at ${path}; nothing to remove.`,
      );
    return 0;
  },
};

/** Exit 0 when the daemon runs, 1 when installed but not running, 4 when not installed. */
export const status: CommandModule = {
  async run(ctx, _args, options: ServiceOptions) {
    const scope = scopeOf(options, 'status');
    const systemd = await import('../system/systemd.js');
    const path = unitPath(ctx, scope, systemd.unitDirectory);
    const state = await systemd.unitState(DAEMON_UNIT, scope, { env: ctx.env });
    if (!state.ok) throw runtimeError(state.error);
    const s = state.value;
    const file = existsSync(path);
    const installed = file || s.installed;
    const l = scope === 'user' && installed ? await linger(ctx) : undefined;
    const code = !installed ? 4 : s.activeState === 'active' ? 0 : 1;
    const out = ctx.output;
    if (out.json) {
      out.printJson({
        unit: UNIT_FILE,
        scope,
        path,
        file,
        installed,
        loadState: s.loadState,
        activeState: s.activeState,
        subState: s.subState,
        mainPid: s.mainPid,
        restarts: s.restarts,
        startedAt: s.startedAt?.toISOString() ?? null,
        ...(l ? { linger: l.linger } : {}),
      });
      return code;
    }
    if (!installed) {
      out.err(`${UNIT_FILE} is not installed (${scope} unit). Install it with \`depin service install${scope === 'system' ? ' --system' : ''}\`.`);
      return code;
    }
    const since = s.startedAt ? ` since ${s.startedAt.toISOString()}` : '';
    out.out(`${UNIT_FILE} (${scope}): ${s.activeState} (${s.subState})${since}`);
    out.out(`  unit file: ${file ? path : `${path} (missing; systemd still has it loaded)`}`);
    if (s.mainPid !== null) out.out(`  pid: ${s.mainPid}`);
    if (s.restarts !== null) out.out(`  restarts by systemd: ${s.restarts}`);
    if (l) out.out(`  ${lingerText(l)}`);
    if (code === 1) out.err(`The daemon is not running: see \`journalctl ${scope === 'user' ? '--user ' : ''}-u ${UNIT_FILE}\`.`);
    return code;
  },
};
