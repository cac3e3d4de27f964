/**
 * kubectl: the current context and whether its API answers, pods, manifests applied from stdin, and
 * Secrets whose values travel only on stdin (never argv, never a file on disk).
 */
import { requireSuccess, runCommand, toolOutput } from './runtime-exec.js';
import { failure, type RuntimeOptions, type RuntimeResult } from './runtime-types.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

export interface KubeContext {
  /** The current context's name; null when none is set. */
  context: string | null;
  /** True when the API server answered `kubectl version`. */
  reachable: boolean;
  clientVersion: string | null;
  serverVersion: string | null;
  /** Why the API did not answer (kubectl's own words), when it did not. */
  reason?: string;
}

function gitVersion(value: unknown): string | null {
  const v = (value as { gitVersion?: unknown } | undefined)?.gitVersion;
  return typeof v === 'string' ? v : null;
}

/**
 * The current context and whether its API answers. kubectl prints the client half of `version -o json`
 * and exits 1 when the server cannot be reached; that is a value here, not a failure.
 */
export async function kubeContext(options: RuntimeOptions = {}): Promise<RuntimeResult<KubeContext>> {
  const current = await runCommand('kubectl', ['config', 'current-context'], options);
  if (!current.ok) return current;
  const context = current.value.exitCode === 0 ? current.value.stdout.trim() || null : null;
  if (context === null)
    return {
      ok: true,
      value: { context: null, reachable: false, clientVersion: null, serverVersion: null, reason: toolOutput(current.value) || 'no current context' },
    };
  const argv = ['version', '-o', 'json', '--request-timeout=10s'];
  const version = await runCommand('kubectl', argv, options);
  if (!version.ok) return version;
  let parsed: { clientVersion?: unknown; serverVersion?: unknown };
  try {
    parsed = JSON.parse(version.value.stdout) as typeof parsed;
  } catch {
    return failure('bad-output', 'kubectl version -o json did not print JSON', {
      command: ['kubectl', ...argv],
      exitCode: version.value.exitCode,
      output: toolOutput(version.value),
    });
  }
  const serverVersion = gitVersion(parsed.serverVersion);
  const result: KubeContext = { context, reachable: serverVersion !== null, clientVersion: gitVersion(parsed.clientVersion), serverVersion };
  if (serverVersion === null) result.reason = version.value.stderr.trim() || `kubectl exited ${version.value.exitCode} without a server version`;
  return { ok: true, value: result };
}

export interface PodSummary {
  name: string;
  namespace: string;
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** Every container ready (the READY column's n/n). */
  ready: boolean;
  readyContainers: number;
  containers: number;
  restarts: number;
  startedAt: Date | null;
  /** Why a container waits (CrashLoopBackOff, ImagePullBackOff...), when one does. */
  waitingReason?: string;
}

interface PodJson {
  metadata?: { name?: string; namespace?: string };
  spec?: { containers?: unknown[] };
  status?: {
    phase?: string;
    startTime?: string;
    containerStatuses?: { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }[];
  };
}

/** Pods of a `kubectl get pods -o json` List, summarised as `kubectl get pods` would show them. */
export function summarisePods(list: unknown): PodSummary[] | null {
  const items = (list as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return null;
  return (items as PodJson[]).map((pod) => {
    const statuses = pod.status?.containerStatuses ?? [];
    const containers = Math.max(pod.spec?.containers?.length ?? 0, statuses.length);
    const readyContainers = statuses.filter((s) => s.ready === true).length;
    const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
    const started = pod.status?.startTime ? new Date(pod.status.startTime) : null;
    return {
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? '',
      phase: pod.status?.phase ?? 'Unknown',
      ready: containers > 0 && readyContainers === containers,
      readyContainers,
      containers,
      restarts: statuses.reduce((sum, s) => sum + (typeof s.restartCount === 'number' ? s.restartCount : 0), 0),
      startedAt: started && !Number.isNaN(started.getTime()) ? started : null,
      ...(waiting ? { waitingReason: waiting } : {}),
    };
  });
}

/** Pods in `namespace`, optionally only those matching a label selector such as `app=akash-provider`. */
export async function getPods(namespace: string, selector: string | undefined, options: RuntimeOptions = {}): Promise<RuntimeResult<PodSummary[]>> {
  if (!DNS_LABEL.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  if (selector !== undefined && (selector.trim().length === 0 || /[\u0000-\u001f]/.test(selector) || selector.startsWith('-')))
    return failure('refused', `"${selector}" is not a label selector`);
  const argv = ['get', 'pods', '--namespace', namespace, ...(selector !== undefined ? ['--selector', selector] : []), '-o', 'json'];
  const ran = requireSuccess(await runCommand('kubectl', argv, options), ['kubectl', ...argv], `listing pods in ${namespace}`);
  if (!ran.ok) return ran;
  let parsed: unknown;
  try {
    parsed = JSON.parse(ran.value.stdout);
  } catch {
    parsed = undefined;
  }
  const pods = summarisePods(parsed);
  if (!pods) return failure('bad-output', 'kubectl get pods -o json did not print a List', { command: ['kubectl', ...argv], output: toolOutput(ran.value) });
  return { ok: true, value: pods };
}

/** What `kubectl apply` reported, one line per object ("secret/x created", "namespace/y unchanged"). */
export interface Applied {
  lines: string[];
}

async function applyFromStdin(input: string, namespace: string | undefined, what: string, options: RuntimeOptions): Promise<RuntimeResult<Applied>> {
  const argv = ['apply', ...(namespace ? ['--namespace', namespace] : []), '-f', '-'];
  const ran = requireSuccess(await runCommand('kubectl', argv, { ...options, input }), ['kubectl', ...argv], what);
  if (!ran.ok) return ran;
  return { ok: true, value: { lines: ran.value.stdout.split('\n').filter((line) => line.trim().length > 0) } };
}

/** `kubectl apply -f -` with the manifest (YAML or JSON) on stdin. */
export async function applyManifest(manifest: string, options: RuntimeOptions = {}): Promise<RuntimeResult<Applied>> {
  if (manifest.trim().length === 0) return failure('refused', 'the manifest is empty');
  return applyFromStdin(manifest, undefined, 'applying the manifest', options);
}

/**
 * Creates or updates an Opaque Secret. The manifest goes to `kubectl apply -f -` on stdin, so the
 * values never appear in argv (visible to every user through /proc) or in a file on disk.
 */
export async function createSecretFromValues(
  namespace: string,
  name: string,
  data: Record<string, string>,
  options: RuntimeOptions = {},
): Promise<RuntimeResult<Applied>> {
  if (!DNS_LABEL.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  if (!DNS_SUBDOMAIN.test(name)) return failure('refused', `"${name}" is not a valid Secret name (lower-case letters, digits, - and .)`);
  const keys = Object.keys(data);
  if (keys.length === 0) return failure('refused', `Secret ${name} needs at least one key`);
  const badKey = keys.find((key) => !SECRET_KEY.test(key));
  if (badKey !== undefined) return failure('refused', `"${badKey}" is not a valid Secret key (letters, digits, - _ and .)`);
  const encoded = Object.fromEntries(keys.map((key) => [key, Buffer.from(data[key], 'utf8').toString('base64')]));
  const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace }, data: encoded });
  return applyFromStdin(manifest, namespace, `writing Secret ${namespace}/${name}`, options);
}

/** One object as JSON, or undefined when the cluster has none by that name. */
export async function getObject(
  kind: string,
  name: string,
  namespace: string | undefined,
  options: RuntimeOptions = {},
): Promise<RuntimeResult<unknown | undefined>> {
  if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(kind)) return failure('refused', `"${kind}" is not a Kubernetes kind`);
  if (!DNS_SUBDOMAIN.test(name)) return failure('refused', `"${name}" is not a valid object name`);
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  const argv = ['get', kind, name, ...(namespace ? ['--namespace', namespace] : []), '--ignore-not-found', '-o', 'json'];
  const ran = requireSuccess(await runCommand('kubectl', argv, options), ['kubectl', ...argv], `reading ${kind} ${name}`);
  if (!ran.ok) return ran;
  if (ran.value.stdout.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(ran.value.stdout) as unknown };
  } catch {
    return failure('bad-output', `kubectl get ${kind} ${name} -o json did not print JSON`, { command: ['kubectl', ...argv], output: toolOutput(ran.value) });
  }
}

/** Deletes one object; one that is already gone is not an error. */
export async function deleteObject(
  kind: string,
  name: string,
  namespace: string | undefined,
  options: RuntimeOptions = {},
): Promise<RuntimeResult<{ deleted: boolean }>> {
  if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(kind)) return failure('refused', `"${kind}" is not a Kubernetes kind`);
  if (!DNS_SUBDOMAIN.test(name)) return failure('refused', `"${name}" is not a valid object name`);
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) return failure('refused', `"${namespace}" is not a valid namespace name`);
  const argv = ['delete', kind, name, ...(namespace ? ['--namespace', namespace] : []), '--ignore-not-found', '--wait=false'];
  const ran = requireSuccess(await runCommand('kubectl', argv, options), ['kubectl', ...argv], `deleting ${kind} ${name}`);
  if (!ran.ok) return ran;
  return { ok: true, value: { deleted: ran.value.stdout.trim().length > 0 } };
}
