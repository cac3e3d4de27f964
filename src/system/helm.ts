/**
 * helm: version, chart repositories, `upgrade --install` of a pinned chart version, release status
 * and uninstall. Values reach helm through files the caller wrote; nothing secret goes in argv.
 */
import { isAbsolute } from 'node:path';
import { requireSuccess, runCommand, toolOutput } from './runtime-exec.js';
import { failure, type RuntimeOptions, type RuntimeResult } from './runtime-types.js';

const RELEASE = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CHART = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*|oci:\/\/[^\s]+)$/;
const VERSION = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const SET_KEY = /^[A-Za-z0-9_.[\]-]+$/;

/** helm's version ("3.14.4"), from `helm version --short` ("v3.14.4+g81c902a"). */
export async function helmVersion(options: RuntimeOptions = {}): Promise<RuntimeResult<{ version: string; raw: string }>> {
  const argv = ['version', '--short'];
  const ran = requireSuccess(await runCommand('helm', argv, options), ['helm', ...argv], 'reading the helm version');
  if (!ran.ok) return ran;
  const raw = ran.value.stdout.trim();
  const m = /^v?(\d+\.\d+\.\d+)/.exec(raw);
  if (!m) return failure('bad-output', `helm version --short printed "${raw.slice(0, 80)}"`, { command: ['helm', ...argv], output: raw });
  return { ok: true, value: { version: m[1], raw } };
}

/** The argv of `repoAdd`, for a dry run to print. */
export function repoAddArgs(name: string, url: string): string[] {
  return ['repo', 'add', name, url, '--force-update'];
}

/** `helm repo add <name> <url> --force-update`: adding twice, or with a new URL, is fine. */
export async function repoAdd(name: string, url: string, options: RuntimeOptions = {}): Promise<RuntimeResult<void>> {
  if (!REPO_NAME.test(name)) return failure('refused', `"${name}" is not a valid chart repository name`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return failure('refused', `"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:') return failure('refused', `chart repository ${url} must be https`);
  const argv = repoAddArgs(name, url);
  const ran = requireSuccess(await runCommand('helm', argv, options), ['helm', ...argv], `adding chart repository ${name}`);
  return ran.ok ? { ok: true, value: undefined } : ran;
}

/** `helm repo update [names…]`. */
export async function repoUpdate(names: string[] = [], options: RuntimeOptions = {}): Promise<RuntimeResult<void>> {
  const bad = names.find((name) => !REPO_NAME.test(name));
  if (bad !== undefined) return failure('refused', `"${bad}" is not a valid chart repository name`);
  const argv = ['repo', 'update', ...names];
  const ran = requireSuccess(await runCommand('helm', argv, options), ['helm', ...argv], 'updating chart repositories');
  return ran.ok ? { ok: true, value: undefined } : ran;
}

export interface UpgradeInstall {
  release: string;
  /** `repo/chart` or an `oci://` reference. */
  chart: string;
  /** Always pinned: a join installs the version it was tested with. */
  version: string;
  namespace: string;
  createNamespace: boolean;
  /** Absolute path of a values file. */
  valuesFile?: string;
  /** `--set-file key=path` pairs: the value is the file's contents (the bid price script, for one). */
  setFile?: Record<string, string>;
  /**
   * A values document (YAML or JSON) given on stdin as `--values -`: how secret values reach a chart
   * without a file on disk or an argument every user can read.
   */
  valuesStdin?: string;
  wait: boolean;
  /** Seconds helm waits for resources to be ready. */
  timeout?: number;
}

/** The exact helm argv for an install or upgrade; exported so a dry run prints what would run. */
export function upgradeInstallArgs(spec: UpgradeInstall): RuntimeResult<string[]> {
  if (!RELEASE.test(spec.release)) return failure('refused', `"${spec.release}" is not a valid release name (lower-case letters, digits and -, at most 53)`);
  if (!CHART.test(spec.chart)) return failure('refused', `"${spec.chart}" is not a chart reference such as akash/provider`);
  if (!VERSION.test(spec.version)) return failure('refused', `chart version "${spec.version}" must be an exact version such as 19.0.2`);
  if (!NAMESPACE.test(spec.namespace)) return failure('refused', `"${spec.namespace}" is not a valid namespace name`);
  if (spec.valuesFile !== undefined && !isAbsolute(spec.valuesFile)) return failure('refused', `values file "${spec.valuesFile}" must be an absolute path`);
  for (const [key, path] of Object.entries(spec.setFile ?? {})) {
    if (!SET_KEY.test(key)) return failure('refused', `"${key}" is not a values key`);
    if (!isAbsolute(path) || path.includes(',')) return failure('refused', `file for ${key} must be an absolute path without commas`);
  }
  if (spec.timeout !== undefined && !(Number.isInteger(spec.timeout) && spec.timeout > 0))
    return failure('refused', 'timeout must be a whole number of seconds above zero');
  const argv = ['upgrade', '--install', spec.release, spec.chart, '--version', spec.version, '--namespace', spec.namespace];
  if (spec.createNamespace) argv.push('--create-namespace');
  if (spec.valuesFile !== undefined) argv.push('--values', spec.valuesFile);
  if (spec.valuesStdin !== undefined) argv.push('--values', '-');
  for (const [key, path] of Object.entries(spec.setFile ?? {})) argv.push('--set-file', `${key}=${path}`);
  if (spec.wait) argv.push('--wait');
  if (spec.timeout !== undefined) argv.push('--timeout', `${spec.timeout}s`);
  return { ok: true, value: argv };
}

/** `helm upgrade --install`: installs the release or moves it to the pinned chart version. */
export async function upgradeInstall(spec: UpgradeInstall, options: RuntimeOptions = {}): Promise<RuntimeResult<void>> {
  const argv = upgradeInstallArgs(spec);
  if (!argv.ok) return argv;
  const timeoutMs = Math.max(options.timeoutMs ?? 0, ((spec.timeout ?? 300) + 60) * 1000);
  const ran = requireSuccess(
    await runCommand('helm', argv.value, { ...options, timeoutMs, input: spec.valuesStdin }),
    ['helm', ...argv.value],
    `installing ${spec.chart} as ${spec.release}`,
  );
  return ran.ok ? { ok: true, value: undefined } : ran;
}

export type ReleaseStatus =
  | { installed: false }
  | {
      installed: true;
      name: string;
      namespace: string;
      /** deployed, failed, pending-install, pending-upgrade, superseded, uninstalling... */
      status: string;
      revision: number | null;
      lastDeployed: Date | null;
      /** "chart-1.2.3" when helm reports it (helm list does; helm status does not). */
      chart: string | null;
      appVersion: string | null;
    };

function date(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  // helm list prints "2026-10-06 08:24:59.80093093 +0000 UTC"; Date wants ISO.
  const listForm = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{2})(\d{2})/.exec(value);
  const iso = listForm ? `${listForm[1]}T${listForm[2]}${(listForm[3] ?? '').slice(0, 4)}${listForm[4]}:${listForm[5]}` : value;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 2 ? null : parsed;
}

function revision(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

/** One release from `helm status -o json`; a release helm does not know is `installed: false`. */
export async function releaseStatus(release: string, namespace: string, options: RuntimeOptions = {}): Promise<RuntimeResult<ReleaseStatus>> {
  if (!RELEASE.test(release)) return failure('refused', `"${release}" is not a valid release name`);
  if (!NAMESPACE.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  const argv = ['status', release, '--namespace', namespace, '-o', 'json'];
  const ran = await runCommand('helm', argv, options);
  if (!ran.ok) return ran;
  if (ran.value.exitCode !== 0) {
    if (/release: not found/i.test(ran.value.stderr)) return { ok: true, value: { installed: false } };
    return failure('failed', `reading release ${release} failed (exit ${ran.value.exitCode})`, {
      command: ['helm', ...argv],
      exitCode: ran.value.exitCode,
      output: toolOutput(ran.value),
    });
  }
  let json: {
    name?: unknown;
    namespace?: unknown;
    version?: unknown;
    info?: { status?: unknown; last_deployed?: unknown };
    chart?: { metadata?: { name?: unknown; version?: unknown; appVersion?: unknown } };
  };
  try {
    json = JSON.parse(ran.value.stdout) as typeof json;
  } catch {
    return failure('bad-output', 'helm status -o json did not print JSON', { command: ['helm', ...argv], output: toolOutput(ran.value) });
  }
  if (typeof json.info?.status !== 'string') return failure('bad-output', 'helm status -o json has no info.status', { command: ['helm', ...argv] });
  const meta = json.chart?.metadata;
  return {
    ok: true,
    value: {
      installed: true,
      name: typeof json.name === 'string' ? json.name : release,
      namespace: typeof json.namespace === 'string' ? json.namespace : namespace,
      status: json.info.status,
      revision: revision(json.version),
      lastDeployed: date(json.info.last_deployed),
      chart: typeof meta?.name === 'string' && typeof meta.version === 'string' ? `${meta.name}-${meta.version}` : null,
      appVersion: typeof meta?.appVersion === 'string' ? meta.appVersion : null,
    },
  };
}

/** Every release in `namespace` from `helm list -o json` (helm prints the revision as a string). */
export async function listReleases(namespace: string, options: RuntimeOptions = {}): Promise<RuntimeResult<Extract<ReleaseStatus, { installed: true }>[]>> {
  if (!NAMESPACE.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  const argv = ['list', '--namespace', namespace, '-o', 'json'];
  const ran = requireSuccess(await runCommand('helm', argv, options), ['helm', ...argv], `listing releases in ${namespace}`);
  if (!ran.ok) return ran;
  let rows: unknown;
  try {
    rows = JSON.parse(ran.value.stdout);
  } catch {
    rows = undefined;
  }
  if (!Array.isArray(rows))
    return failure('bad-output', 'helm list -o json did not print a list', { command: ['helm', ...argv], output: toolOutput(ran.value) });
  return {
    ok: true,
    value: (rows as Record<string, unknown>[]).map((row) => ({
      installed: true as const,
      name: String(row.name ?? ''),
      namespace: String(row.namespace ?? namespace),
      status: String(row.status ?? ''),
      revision: revision(row.revision),
      lastDeployed: date(row.updated),
      chart: typeof row.chart === 'string' ? row.chart : null,
      appVersion: typeof row.app_version === 'string' ? row.app_version : null,
    })),
  };
}

/** `helm uninstall`; a release that is already gone is not an error. */
export async function uninstall(release: string, namespace: string, options: RuntimeOptions = {}): Promise<RuntimeResult<{ removed: boolean }>> {
  if (!RELEASE.test(release)) return failure('refused', `"${release}" is not a valid release name`);
  if (!NAMESPACE.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  const argv = ['uninstall', release, '--namespace', namespace];
  const ran = await runCommand('helm', argv, options);
  if (!ran.ok) return ran;
  if (ran.value.exitCode === 0) return { ok: true, value: { removed: true } };
  if (/not found/i.test(ran.value.stderr)) return { ok: true, value: { removed: false } };
  return failure('failed', `uninstalling ${release} failed (exit ${ran.value.exitCode})`, {
    command: ['helm', ...argv],
    exitCode: ran.value.exitCode,
    output: toolOutput(ran.value),
  });
}
