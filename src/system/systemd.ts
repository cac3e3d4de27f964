/**
 * systemd services: install a unit file, reload and enable it, read its state, start/stop it, read its
 * journal, and check lingering (a user unit only survives logout and starts at boot with linger on).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { renderUnit, unitFileName, validateUnitSpec, type UnitScope, type UnitSpec } from '../core/systemd-unit.js';
import { requireSuccess, runCommand, toolOutput, type CommandRan } from './runtime-exec.js';
import { failure, type RuntimeOptions, type RuntimeResult } from './runtime-types.js';
import { parseShowOutput, unitStateFrom, type UnitState } from './systemd-show.js';

export type { UnitState } from './systemd-show.js';

export interface SystemdOptions extends RuntimeOptions {
  /** Folder for unit files; by default the one systemd reads for `scope` (see unitDirectory). */
  unitDir?: string;
}

/** Where systemd looks for units the admin or user wrote: $XDG_CONFIG_HOME/systemd/user or /etc/systemd/system. */
export function unitDirectory(scope: UnitScope, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'system') return '/etc/systemd/system';
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(config, 'systemd', 'user');
}

function systemctlArgs(scope: UnitScope, args: string[]): string[] {
  return scope === 'user' ? ['--user', ...args] : args;
}

async function systemctl(scope: UnitScope, args: string[], options: RuntimeOptions, what: string): Promise<RuntimeResult<CommandRan>> {
  const argv = systemctlArgs(scope, args);
  const result = await runCommand('systemctl', argv, options);
  return requireSuccess(result, ['systemctl', ...argv], what);
}

export interface InstalledUnit {
  path: string;
  /** False when the file on disk already had these exact contents. */
  changed: boolean;
}

function writeAtomic(path: string, contents: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, contents, { mode: 0o644, flush: true });
    // The mode above passes through the umask; systemd and admins expect a unit to read as 0644.
    chmodSync(tmp, 0o644);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Writes the unit atomically, reloads systemd and runs `enable --now`. A unit whose file changed while
 * it ran is restarted so the new settings take effect; an unchanged one is left running as it is.
 */
export async function installUnit(spec: UnitSpec, options: SystemdOptions = {}): Promise<RuntimeResult<InstalledUnit>> {
  const problems = validateUnitSpec(spec);
  if (problems.length > 0) return failure('refused', `cannot write unit ${spec.name}: ${problems.join('; ')}`);
  const dir = options.unitDir ?? unitDirectory(spec.scope, options.env);
  const name = unitFileName(spec.name);
  const path = join(dir, name);
  const text = renderUnit(spec);
  let before: string | undefined;
  try {
    before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch (error) {
    return failure('failed', `cannot read ${path}: ${(error as Error).message}`);
  }
  const changed = before !== text;
  if (changed) {
    try {
      mkdirSync(dir, { recursive: true });
      writeAtomic(path, text);
    } catch (error) {
      return failure('failed', `cannot write ${path}: ${(error as Error).message}`);
    }
    const reload = await systemctl(spec.scope, ['daemon-reload'], options, 'reloading systemd');
    if (!reload.ok) {
      // Put the previous file back, so that a rerun writes and reloads again instead of finding it unchanged.
      try {
        if (before === undefined) rmSync(path, { force: true });
        else writeAtomic(path, before);
      } catch (error) {
        return failure('failed', `${reload.error.message}; and ${path} could not be put back: ${(error as Error).message}`, { output: reload.error.output });
      }
      return reload;
    }
  }
  const enable = await systemctl(spec.scope, ['enable', '--now', name], options, `enabling ${name}`);
  if (!enable.ok) return enable;
  if (changed && before !== undefined) {
    const restart = await systemctl(spec.scope, ['try-restart', name], options, `restarting ${name} with its new settings`);
    if (!restart.ok) return restart;
  }
  return { ok: true, value: { path, changed } };
}

/** The unit's state from `systemctl show`; a unit systemd does not know comes back with installed: false. */
export async function unitState(name: string, scope: UnitScope, options: RuntimeOptions = {}): Promise<RuntimeResult<UnitState>> {
  const unit = unitFileName(name);
  const argv = systemctlArgs(scope, ['show', unit, '--no-pager', '-p', 'LoadState,ActiveState,SubState,ExecMainStartTimestamp,NRestarts,MainPID']);
  const ran = requireSuccess(await runCommand('systemctl', argv, options), ['systemctl', ...argv], `reading the state of ${unit}`);
  if (!ran.ok) return ran;
  const state = unitStateFrom(unit, ran.value.stdout);
  if (!state)
    return failure('bad-output', `systemctl show gave no ActiveState for ${unit}`, { command: ['systemctl', ...argv], output: toolOutput(ran.value) });
  return { ok: true, value: state };
}

type Verb = 'start' | 'stop' | 'restart';

async function act(verb: Verb, name: string, scope: UnitScope, options: RuntimeOptions): Promise<RuntimeResult<void>> {
  const unit = unitFileName(name);
  const ran = await systemctl(scope, [verb, unit], options, `${verb} ${unit}`);
  return ran.ok ? { ok: true, value: undefined } : ran;
}

export const start = (name: string, scope: UnitScope, options: RuntimeOptions = {}) => act('start', name, scope, options);
export const stop = (name: string, scope: UnitScope, options: RuntimeOptions = {}) => act('stop', name, scope, options);
export const restart = (name: string, scope: UnitScope, options: RuntimeOptions = {}) => act('restart', name, scope, options);

/** `disable --now`: stops the unit and keeps it from starting at boot; the file stays. */
export async function disable(name: string, scope: UnitScope, options: RuntimeOptions = {}): Promise<RuntimeResult<void>> {
  const unit = unitFileName(name);
  const ran = await systemctl(scope, ['disable', '--now', unit], options, `disabling ${unit}`);
  return ran.ok ? { ok: true, value: undefined } : ran;
}

/**
 * Stops and disables the unit, deletes its file and reloads systemd. A unit that is already gone is
 * not an error, so a second `leave` (or one after a partial join) finishes quietly.
 */
export async function removeUnit(name: string, scope: UnitScope, options: SystemdOptions = {}): Promise<RuntimeResult<{ removed: boolean }>> {
  const unit = unitFileName(name);
  const path = join(options.unitDir ?? unitDirectory(scope, options.env), unit);
  const present = existsSync(path);
  if (present) {
    const off = await systemctl(scope, ['disable', '--now', unit], options, `disabling ${unit}`);
    if (!off.ok) return off;
    try {
      rmSync(path, { force: true });
    } catch (error) {
      return failure('failed', `cannot delete ${path}: ${(error as Error).message}`);
    }
  }
  const reload = await systemctl(scope, ['daemon-reload'], options, 'reloading systemd');
  if (!reload.ok) return reload;
  // A unit that failed stays listed as failed until reset; its absence then says nothing.
  await runCommand('systemctl', systemctlArgs(scope, ['reset-failed', unit]), options);
  return { ok: true, value: { removed: present } };
}

export interface JournalOptions extends RuntimeOptions {
  scope: UnitScope;
  /** How many of the latest lines to print first (journalctl -n). */
  lines?: number;
  /** Keep printing new lines until `signal` aborts. */
  follow?: boolean;
  /** Each line as it arrives (required to follow). */
  onLine?: (line: string) => void;
}

/** The unit's journal through journalctl. Without onLine the lines come back in the result. */
export async function journal(name: string, options: JournalOptions): Promise<RuntimeResult<{ lines: string[] }>> {
  const unit = unitFileName(name);
  const lines = options.lines ?? 100;
  if (!Number.isInteger(lines) || lines < 0) return failure('refused', `lines must be a whole number of zero or more, not ${lines}`);
  if (options.follow && !options.onLine) return failure('refused', 'following a journal needs an onLine callback');
  const argv = [...(options.scope === 'user' ? ['--user'] : []), '-u', unit, '-n', String(lines), '--no-pager', '-o', 'short-iso'];
  if (options.follow) argv.push('-f');
  const collected: string[] = [];
  const onLine = options.onLine ?? ((line: string) => collected.push(line));
  const ran = requireSuccess(
    await runCommand('journalctl', argv, { ...options, onLine, timeoutMs: options.follow ? 0 : options.timeoutMs }),
    ['journalctl', ...argv],
    `reading the journal of ${unit}`,
  );
  if (!ran.ok) return ran;
  return { ok: true, value: { lines: collected } };
}

/**
 * Whether `user` lingers: their user manager (and so their user units) runs from boot without a login.
 * loginctl answers "not logged in or lingering" for a user with neither, which reads as no linger.
 */
export async function lingerStatus(user: string, options: RuntimeOptions = {}): Promise<RuntimeResult<{ user: string; linger: boolean }>> {
  if (!/^(?:[a-z_][a-z0-9_-]{0,31}\$?|\d+)$/i.test(user)) return failure('refused', `"${user}" is not a valid user name`);
  const argv = ['show-user', user, '-p', 'Linger'];
  const ran = await runCommand('loginctl', argv, options);
  if (!ran.ok) return ran;
  if (ran.value.exitCode !== 0) {
    if (/not logged in or lingering/i.test(ran.value.stderr)) return { ok: true, value: { user, linger: false } };
    return failure('failed', `loginctl could not read user ${user} (exit ${ran.value.exitCode})`, {
      command: ['loginctl', ...argv],
      exitCode: ran.value.exitCode,
      output: toolOutput(ran.value),
    });
  }
  const linger = parseShowOutput(ran.value.stdout).get('Linger');
  if (linger !== 'yes' && linger !== 'no')
    return failure('bad-output', 'loginctl gave no Linger=yes|no line', { command: ['loginctl', ...argv], output: toolOutput(ran.value) });
  return { ok: true, value: { user, linger: linger === 'yes' } };
}
