/**
 * Renders a systemd service unit from typed data. Pure: no I/O. Every value that systemd would
 * expand is escaped (% specifiers as %%, $ variables in ExecStart as $$), and ExecStart arguments are
 * quoted per systemd.syntax(7) so that each reaches the program exactly as given.
 */
import { DepinError } from '../domain/errors.js';

export type UnitScope = 'user' | 'system';

export interface UnitSpec {
  /** Unit name, with or without the `.service` suffix. */
  name: string;
  description: string;
  /** Absolute path of the program, then its arguments, each passed verbatim. */
  execStart: string[];
  workingDirectory?: string;
  /** Only for system units: user managers cannot switch users. */
  user?: string;
  /** Absolute path; a leading `-` makes a missing file acceptable, as in systemd. */
  environmentFile?: string;
  limitNOFILE?: number;
  restart: 'on-failure' | 'always' | 'no';
  restartSec?: number;
  /** A signal name such as SIGTERM or SIGINT. SIGKILL is refused: nodes must stop cleanly. */
  killSignal?: string;
  /** Seconds to wait after the stop signal before systemd escalates; 'infinity' waits for ever. */
  timeoutStopSec?: number | 'infinity';
  killMode?: 'control-group' | 'mixed' | 'process';
  after?: string[];
  wantedBy: 'default.target' | 'multi-user.target';
  scope: UnitScope;
  /**
   * Adds sandboxing that suits a network node (no new privileges, private /tmp, read-only /usr and
   * /etc); an object tightens it further. User units get only NoNewPrivileges (see renderUnit).
   */
  hardening?: boolean | UnitHardening;
  /** Environment variables, set with Environment= (systemd does not expand $ in them). */
  environment?: Record<string, string>;
  /** Which command maintains the file, for its header comment (default: join and leave). */
  maintainedBy?: string;
}

/** Stricter sandboxing than the default, for a program whose writable folders are known. */
export interface UnitHardening {
  /** `strict` makes the whole file system read-only but for `readWritePaths`; default `full`. */
  protectSystem?: 'full' | 'strict';
  /** Absolute folders left writable (a missing one is skipped, as with a leading `-`). */
  readWritePaths?: string[];
  /** `read-only` keeps /home, /root and /run/user readable but not writable. */
  protectHome?: 'read-only';
  /** False leaves /tmp shared: a private /tmp would hide a program's folders that live under it. */
  privateTmp?: boolean;
}

const UNIT_NAME = /^[A-Za-z0-9:_.\\-]+$/;
const USER_NAME = /^(?:[a-z_][a-z0-9_-]{0,31}\$?|\d+)$/i;
const SIGNAL = /^SIG[A-Z0-9+]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `name` with exactly one `.service` suffix. */
export function unitFileName(name: string): string {
  return name.endsWith('.service') ? name : `${name}.service`;
}

function hasControl(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** Everything wrong with a spec, one sentence each; empty when it can be rendered. */
export function validateUnitSpec(spec: UnitSpec): string[] {
  const problems: string[] = [];
  const base = spec.name.replace(/\.service$/, '');
  if (!UNIT_NAME.test(base) || base.length === 0 || base.length > 200) problems.push(`unit name "${spec.name}" may hold only letters, digits and : _ . - \\`);
  if (spec.description.trim().length === 0 || hasControl(spec.description)) problems.push('description must be one non-empty line');
  if (spec.execStart.length === 0) problems.push('execStart needs at least the program path');
  else if (!spec.execStart[0].startsWith('/')) problems.push(`execStart program "${spec.execStart[0]}" must be an absolute path`);
  for (const arg of spec.execStart) if (arg.includes('\u0000')) problems.push('execStart arguments cannot contain NUL bytes');
  if (spec.workingDirectory !== undefined && (!spec.workingDirectory.startsWith('/') || hasControl(spec.workingDirectory)))
    problems.push(`workingDirectory "${spec.workingDirectory}" must be an absolute path on one line`);
  if (spec.environmentFile !== undefined) {
    const path = spec.environmentFile.replace(/^-/, '');
    if (!path.startsWith('/') || hasControl(path) || /\s/.test(path))
      problems.push(`environmentFile "${spec.environmentFile}" must be an absolute path without spaces`);
  }
  if (spec.user !== undefined) {
    if (spec.scope === 'user') problems.push('user= is only allowed in system units (a user manager runs everything as its own user)');
    else if (!USER_NAME.test(spec.user)) problems.push(`user "${spec.user}" is not a valid user name`);
  }
  if (spec.limitNOFILE !== undefined && (!Number.isInteger(spec.limitNOFILE) || spec.limitNOFILE < 1))
    problems.push('limitNOFILE must be a positive whole number');
  if (spec.restartSec !== undefined && !(Number.isFinite(spec.restartSec) && spec.restartSec >= 0)) problems.push('restartSec must be zero or more seconds');
  if (spec.timeoutStopSec !== undefined && spec.timeoutStopSec !== 'infinity' && !(Number.isFinite(spec.timeoutStopSec) && spec.timeoutStopSec > 0))
    problems.push('timeoutStopSec must be a positive number of seconds or "infinity"');
  if (spec.killSignal !== undefined) {
    if (!SIGNAL.test(spec.killSignal)) problems.push(`killSignal "${spec.killSignal}" must be a signal name such as SIGTERM`);
    else if (spec.killSignal === 'SIGKILL') problems.push('killSignal SIGKILL is refused: a node must get the chance to stop cleanly');
  }
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (!ENV_NAME.test(key)) problems.push(`environment name "${key}" may hold only letters, digits and _`);
    if (hasControl(value)) problems.push(`environment value of ${key} must be one line`);
  }
  if (typeof spec.hardening === 'object') {
    for (const path of spec.hardening.readWritePaths ?? [])
      if (!path.startsWith('/') || /[\s"'\\\u0000-\u001f\u007f]/.test(path))
        problems.push(`readWritePaths entry "${path}" must be an absolute path without spaces, quotes or backslashes`);
  }
  if (spec.maintainedBy !== undefined && hasControl(spec.maintainedBy)) problems.push('maintainedBy must be one line');
  for (const unit of spec.after ?? []) if (!/^[A-Za-z0-9:_.@\\-]+$/.test(unit)) problems.push(`after entry "${unit}" is not a unit name`);
  return problems;
}

/** Escapes systemd specifiers; `%` would otherwise expand (`%h` is the home folder, `%n` the unit name...). */
export function escapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}

/**
 * One ExecStart word. Variables ($X, ${X}) and specifiers (%x) are escaped, and a word with blanks,
 * quotes, backslashes or control characters is double-quoted with C-style escapes.
 */
export function quoteExecArg(arg: string): string {
  const escaped = escapeSpecifiers(arg).replace(/\$/g, '$$$$');
  if (arg === ';') return '\\;';
  if (escaped.length > 0 && !/[\s"'\\\u0000-\u001f\u007f]/.test(escaped)) return escaped;
  const inner = escaped.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
  return `"${inner}"`;
}

/** One `NAME=value` word of Environment=: quoted, with C escapes and specifiers escaped. */
function quoteAssignment(assignment: string): string {
  return `"${escapeSpecifiers(assignment).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The whole ExecStart value for `argv`. */
export function renderExecStart(argv: readonly string[]): string {
  return argv.map(quoteExecArg).join(' ');
}

function renderSeconds(value: number | 'infinity'): string {
  return value === 'infinity' ? 'infinity' : `${value}s`;
}

/** The unit file's text. Throws a DepinError naming every problem when the spec is invalid. */
export function renderUnit(spec: UnitSpec): string {
  const problems = validateUnitSpec(spec);
  if (problems.length > 0) {
    throw new DepinError('UNIT_SPEC', `cannot write unit ${spec.name}: ${problems.join('; ')}`, { kind: 'failure' });
  }
  const unit = ['[Unit]', `Description=${escapeSpecifiers(spec.description)}`];
  const after = spec.after ?? [];
  if (after.length > 0) unit.push(`After=${after.join(' ')}`);
  // network-online.target only pulls in a wait when something wants it, and user managers do not have it.
  if (spec.scope === 'system' && after.includes('network-online.target')) unit.push('Wants=network-online.target');

  const service = ['[Service]', 'Type=exec', `ExecStart=${renderExecStart(spec.execStart)}`];
  if (spec.workingDirectory !== undefined) service.push(`WorkingDirectory=${escapeSpecifiers(spec.workingDirectory)}`);
  if (spec.user !== undefined) service.push(`User=${spec.user}`);
  if (spec.environmentFile !== undefined) service.push(`EnvironmentFile=${escapeSpecifiers(spec.environmentFile)}`);
  for (const [key, value] of Object.entries(spec.environment ?? {})) service.push(`Environment=${quoteAssignment(`${key}=${value}`)}`);
  if (spec.limitNOFILE !== undefined) service.push(`LimitNOFILE=${spec.limitNOFILE}`);
  service.push(`Restart=${spec.restart}`);
  if (spec.restartSec !== undefined) service.push(`RestartSec=${renderSeconds(spec.restartSec)}`);
  if (spec.killSignal !== undefined) service.push(`KillSignal=${spec.killSignal}`);
  if (spec.killMode !== undefined) service.push(`KillMode=${spec.killMode}`);
  if (spec.timeoutStopSec !== undefined) service.push(`TimeoutStopSec=${renderSeconds(spec.timeoutStopSec)}`);
  if (spec.hardening) {
    const extra = typeof spec.hardening === 'object' ? spec.hardening : {};
    service.push('NoNewPrivileges=yes');
    // The rest need a system manager: user managers cannot set up the mount namespaces.
    if (spec.scope === 'system') {
      if (extra.privateTmp !== false) service.push('PrivateTmp=yes');
      service.push(`ProtectSystem=${extra.protectSystem ?? 'full'}`);
      // A leading `-` skips a folder that does not exist yet instead of failing the start.
      const writable = extra.readWritePaths ?? [];
      if (writable.length > 0) service.push(`ReadWritePaths=${writable.map((p) => `-${escapeSpecifiers(p)}`).join(' ')}`);
      if (extra.protectHome) service.push(`ProtectHome=${extra.protectHome}`);
      service.push('ProtectKernelTunables=yes', 'ProtectControlGroups=yes', 'RestrictSUIDSGID=yes');
    }
  }

  const install = ['[Install]', `WantedBy=${spec.wantedBy}`];
  const header = `# ${unitFileName(spec.name)}: written by depin; ${spec.maintainedBy ?? '`depin join` rewrites it, `depin leave` removes it'}.`;
  return [header, '', ...unit, '', ...service, '', ...install, ''].join('\n');
}
