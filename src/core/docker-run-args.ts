/**
 * A container as typed data, and the exact `docker run -d` / `docker create` argv built from it. Pure:
 * the deploy engine prints these arguments for `--dry-run` and `src/system/docker.ts` runs them.
 *
 * Secret environment values never appear here. A secret is passed as `--env=NAME` (no value): the
 * docker CLI then copies NAME from its own environment, where the runner puts the value. An argv is
 * readable by every local user (`ps`, /proc/<pid>/cmdline) and is what gets printed in plans and
 * failure reports; a process's environment is readable only by its owner and root.
 */

/** One published port. `host` is the IP to bind on the host; absent means every address. */
export interface PortSpec {
  host?: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

/** A bind mount of a host folder or file. The source must exist: docker then refuses to invent it. */
export interface MountSpec {
  source: string;
  target: string;
  readOnly?: boolean;
}

export type RestartPolicy = 'no' | 'unless-stopped' | 'always' | 'on-failure';

/** Everything depin sets on a container. What the image sets and this leaves out stays as the image says. */
export interface ContainerSpec {
  name: string;
  /** Image reference, pinned by tag or digest (`storjlabs/storagenode:latest`, `repo@sha256:…`). */
  image: string;
  ports: PortSpec[];
  mounts: MountSpec[];
  /** Non-secret variables; they appear in printed commands. */
  env: Record<string, string>;
  /** Secret variables: container variable name → secret reference name. Values travel out of band. */
  secretEnv?: Record<string, string>;
  /** `uid:gid` or a user name known to the image. */
  user?: string;
  restart: RestartPolicy;
  stopTimeoutSeconds?: number;
  /** GPU access: every GPU, or the listed device ids (index or UUID). */
  gpus?: 'all' | string[];
  /** Arguments after the image (the image's CMD when absent). */
  command?: string[];
  labels?: Record<string, string>;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The first thing wrong with a spec, in words, or undefined when it can be run. Plugins build specs,
 * so a bad one is an expected failure to report, not a crash.
 */
export function checkSpec(spec: ContainerSpec): string | undefined {
  if (!NAME.test(spec.name)) return `container name "${spec.name}" must start with a letter or digit and hold only letters, digits, _ . -`;
  if (spec.image.length === 0 || spec.image.startsWith('-') || /\s/.test(spec.image)) return `image reference "${spec.image}" is not valid`;
  for (const port of spec.ports) {
    for (const [what, value] of [
      ['host port', port.hostPort],
      ['container port', port.containerPort],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 65535) return `${what} ${value} of ${spec.name} must be a whole number from 1 to 65535`;
    }
    if (port.protocol !== 'tcp' && port.protocol !== 'udp') return `port protocol "${String(port.protocol)}" must be tcp or udp`;
    if (port.host !== undefined && !/^[0-9a-fA-F.:]+$/.test(port.host)) return `host address "${port.host}" must be an IP address`;
  }
  for (const mount of spec.mounts) {
    if (!mount.source.startsWith('/')) return `mount source "${mount.source}" must be an absolute path`;
    if (!mount.target.startsWith('/')) return `mount target "${mount.target}" must be an absolute path`;
  }
  const names = [...Object.keys(spec.env), ...Object.keys(spec.secretEnv ?? {})];
  const bad = names.find((name) => !ENV_NAME.test(name));
  if (bad !== undefined) return `environment variable name "${bad}" must hold only letters, digits and _ and not start with a digit`;
  const twice = Object.keys(spec.secretEnv ?? {}).find((name) => name in spec.env);
  if (twice !== undefined) return `environment variable ${twice} is both a plain and a secret variable`;
  if (spec.user !== undefined && (spec.user.length === 0 || spec.user.startsWith('-'))) return `user "${spec.user}" is not valid`;
  if (!['no', 'unless-stopped', 'always', 'on-failure'].includes(spec.restart)) return `restart policy "${spec.restart}" is not one docker knows`;
  if (spec.stopTimeoutSeconds !== undefined && (!Number.isInteger(spec.stopTimeoutSeconds) || spec.stopTimeoutSeconds < 0)) {
    return `stop timeout ${spec.stopTimeoutSeconds} must be a whole number of seconds`;
  }
  if (Array.isArray(spec.gpus) && (spec.gpus.length === 0 || spec.gpus.some((id) => !/^[A-Za-z0-9_-]+$/.test(id)))) {
    return `GPU device ids must be a non-empty list of indexes or UUIDs`;
  }
  if (spec.labels && Object.keys(spec.labels).some((key) => key.length === 0 || key.includes('='))) return `label names must be non-empty and hold no =`;
  return undefined;
}

/**
 * The docker argv (without the leading `docker`) that creates this container: `run -d …` or
 * `create …`. Every option uses the `--flag=value` form so that no value can be read as a flag.
 * Throws only for a spec that `checkSpec` rejects: callers check first.
 */
export function runArgs(spec: ContainerSpec, mode: 'run' | 'create' = 'run'): string[] {
  const problem = checkSpec(spec);
  if (problem !== undefined) throw new Error(problem);
  const args = mode === 'run' ? ['run', '--detach'] : ['create'];
  args.push(`--name=${spec.name}`, `--restart=${spec.restart}`);
  if (spec.stopTimeoutSeconds !== undefined) args.push(`--stop-timeout=${spec.stopTimeoutSeconds}`);
  if (spec.user !== undefined) args.push(`--user=${spec.user}`);
  for (const port of spec.ports) args.push(`--publish=${publishValue(port)}`);
  for (const mount of spec.mounts) args.push(`--mount=${mountValue(mount)}`);
  for (const [key, value] of Object.entries(spec.env)) args.push(`--env=${key}=${value}`);
  for (const key of Object.keys(spec.secretEnv ?? {})) args.push(`--env=${key}`);
  for (const [key, value] of Object.entries(spec.labels ?? {})) args.push(`--label=${key}=${value}`);
  if (spec.gpus !== undefined) args.push(`--gpus=${gpusValue(spec.gpus)}`);
  args.push(spec.image, ...(spec.command ?? []));
  return args;
}

/** `docker …` as an argv that is safe to print: secret variables appear by name only. */
export function displayArgs(spec: ContainerSpec, mode: 'run' | 'create' = 'run'): string[] {
  return ['docker', ...runArgs(spec, mode)];
}

/** The same command as one line a person can paste into a POSIX shell. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@,+%-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function publishValue(port: PortSpec): string {
  const host = port.host === undefined || port.host === '' ? '' : port.host.includes(':') ? `[${port.host}]:` : `${port.host}:`;
  return `${host}${port.hostPort}:${port.containerPort}/${port.protocol}`;
}

// docker reads --mount and --gpus values as one CSV record, so a field holding a comma or a quote is
// quoted CSV-style; otherwise a path with a comma would be split into two fields.
function csvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function mountValue(mount: MountSpec): string {
  const fields = ['type=bind', `source=${mount.source}`, `target=${mount.target}`];
  if (mount.readOnly) fields.push('readonly');
  return fields.map(csvField).join(',');
}

function gpusValue(gpus: 'all' | string[]): string {
  return gpus === 'all' ? 'all' : csvField(`device=${gpus.join(',')}`);
}

/**
 * The canonical spelling of an image reference as docker reports it back: no `docker.io/` or
 * `library/` prefix, and `:latest` when neither tag nor digest is given.
 */
export function normalizeImageRef(ref: string): string {
  let out = ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  out = out.replace(/^library\//, '');
  if (out.includes('@')) return out;
  const lastSlash = out.lastIndexOf('/');
  return out.slice(lastSlash + 1).includes(':') ? out : `${out}:latest`;
}
