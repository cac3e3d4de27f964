/**
 * The resources a network's node is made of (plugin API v2). A plugin's `plan()` returns them as data;
 * the deploy engine observes what exists, compares it with them and applies the difference, and
 * `leave`, `start`, `stop`, `restart` and `logs` act on the recorded copy. The zod schemas are the
 * one source: the TypeScript types are inferred from them, so the host validates exactly what the
 * types promise. Secrets appear only as references (`secret:` names in the plugin's secret scope),
 * never as values, so a plan can be printed, recorded and diffed without leaking them.
 */
import { z } from 'zod';
import { CHAIN_IDS } from '../domain/chains.js';

const name = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'expected letters, digits, dot, dash or underscore');
const absolutePath = z.string().regex(/^\//, 'expected an absolute path');
const port = z.number().int().min(1).max(65535);
/**
 * A secret's name in the plugin's own scope of the secret store: the key of a secret question, which
 * plans receive in camelCase (providerKey). No `_`, so a pasted token (sk_live_…) is refused as a name.
 */
const secretName = z.string().regex(/^[a-z][A-Za-z0-9-]{0,63}$/, 'expected a secret name (the key of a secret question, such as apiKey)');
/** https, or plain http to this machine only (a local mirror; tests): nothing on the way can alter it. */
const downloadUrl = z.url({ protocol: /^https?$/, error: 'expected an https URL' }).refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}, 'expected an https URL (plain http only to this machine)');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** A published container port. `hostIp` 127.0.0.1 keeps a dashboard off the network. */
export const portMappingSchema = z.object({
  hostIp: z.string().optional(),
  hostPort: port,
  containerPort: port,
  protocol: z.enum(['tcp', 'udp']),
});

export const mountSchema = z.object({ source: absolutePath, target: absolutePath, readOnly: z.boolean().optional() });

/** A long-running container (Docker). */
export const containerResourceSchema = z.object({
  kind: z.literal('container'),
  name,
  /** Pinned by tag or digest (`repo:tag` or `repo@sha256:…`); `latest` only where the network publishes nothing else. */
  image: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/, 'expected an image reference such as repo/name:tag'),
  ports: z.array(portMappingSchema).default([]),
  mounts: z.array(mountSchema).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /** Environment variables whose values come from the secret store at start, never from the plan. */
  secretEnv: z.record(z.string(), secretName).default({}),
  /** `uid:gid` or a user name. */
  user: z.string().optional(),
  restart: z.enum(['no', 'unless-stopped', 'always', 'on-failure']).default('unless-stopped'),
  stopTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
  /** GPU access: every GPU or the listed device ids (needs the NVIDIA container toolkit). */
  gpus: z.union([z.literal('all'), z.array(z.string()).min(1)]).optional(),
  command: z.array(z.string()).optional(),
});

/** A one-time container run (a node's setup step), skipped once `creates` exists. */
export const containerRunResourceSchema = containerResourceSchema.omit({ kind: true, restart: true, ports: true, stopTimeoutSeconds: true }).extend({
  kind: z.literal('container-run'),
  description: z.string(),
  /** The run is done once this path exists; it never runs twice. */
  creates: absolutePath,
});

/** A folder. `data: true` marks the node's data: `leave` keeps it unless `--purge`. */
export const directoryResourceSchema = z.object({
  kind: z.literal('directory'),
  path: absolutePath,
  mode: z.number().int().min(0).max(0o777).optional(),
  data: z.boolean().default(false),
  /** Ownership a container user needs (`uid:gid`); applied only when depin runs as root. */
  owner: z
    .string()
    .regex(/^\d+:\d+$/)
    .optional(),
});

/** A file with exact contents (configuration, a price script). Never holds a secret. */
export const fileResourceSchema = z.object({
  kind: z.literal('file'),
  path: absolutePath,
  contents: z.string(),
  mode: z.number().int().min(0).max(0o777).optional(),
  data: z.boolean().default(false),
});

/**
 * A release archive. Verified against `sha256` when the network publishes one; `checksumsUrl` points
 * at its `sha256sum`-format list; `unverified` says why neither exists (the sha256 obtained is then
 * recorded and printed).
 */
export const downloadResourceSchema = z
  .object({
    kind: z.literal('download'),
    url: downloadUrl,
    sha256: sha256.optional(),
    checksumsUrl: downloadUrl.optional(),
    unverified: z.string().optional(),
    /** Folder the archive is extracted into (or the file is saved in). */
    dest: absolutePath,
    extract: z.enum(['tar.gz', 'none']),
    /** A path inside `dest` whose existence means the download is in place. */
    creates: absolutePath,
  })
  .refine((d) => d.sha256 !== undefined || d.checksumsUrl !== undefined || d.unverified !== undefined, {
    message: 'a download needs sha256, checksumsUrl, or an `unverified` reason',
  });

/** A systemd unit (user unit by default). */
export const systemdUnitResourceSchema = z.object({
  kind: z.literal('systemd-unit'),
  name: z.string().regex(/^[a-zA-Z0-9@_.-]+\.service$/, 'expected a unit name ending in .service'),
  scope: z.enum(['user', 'system']),
  description: z.string(),
  execStart: z.array(z.string()).min(1),
  workingDirectory: absolutePath.optional(),
  limitNOFILE: z.number().int().positive().optional(),
  restart: z.enum(['on-failure', 'always', 'no']).default('on-failure'),
  restartSec: z.number().int().min(0).optional(),
  killSignal: z.string().optional(),
  timeoutStopSec: z.number().int().positive().optional(),
});

/** A Helm release. `secretValues` maps a values path to a secret: it reaches helm on stdin, never a file. */
export const helmReleaseResourceSchema = z.object({
  kind: z.literal('helm-release'),
  release: name,
  chart: z.string(),
  repo: z.object({ name, url: z.url() }).optional(),
  version: z.string(),
  namespace: name,
  createNamespace: z.boolean().default(false),
  values: z.record(z.string(), z.unknown()).default({}),
  /** Dotted values path → the secret that fills it (`base64` when the chart wants it encoded). */
  secretValues: z.record(z.string(), z.union([secretName, z.object({ secret: secretName, encode: z.literal('base64') })])).default({}),
});

/** A Kubernetes object applied with `kubectl apply`. */
export const kubeObjectResourceSchema = z.object({
  kind: z.literal('kube-object'),
  manifest: z.object({ apiVersion: z.string(), kind: z.string(), metadata: z.object({ name, namespace: name.optional() }).loose() }).loose(),
});

/** Hardware that no software can supply, tracked by its ids (hotspot keys, dashcam serials). */
export const deviceResourceSchema = z.object({
  kind: z.literal('device'),
  ids: z.array(z.string().min(1)).min(1),
  wallet: z.string().optional(),
  description: z.string(),
});

/** A payout wallet: tracked by `depin earnings` for this network once joined (kept after leave: payouts arrive late). */
export const walletResourceSchema = z.object({
  kind: z.literal('wallet'),
  address: z.string().min(1),
  chain: z.enum(CHAIN_IDS),
  label: z.string().optional(),
});

/** A secret the node needs, which must be in the store (answered as a secret question). */
export const secretResourceSchema = z.object({ kind: z.literal('secret'), name: secretName, description: z.string() });

/** What is left to the person, with the link to do it. */
export const manualResourceSchema = z.object({
  kind: z.literal('manual'),
  title: z.string(),
  steps: z.array(z.string()).min(1),
  url: z.url().optional(),
});

export const resourceSchema = z.discriminatedUnion('kind', [
  containerResourceSchema,
  containerRunResourceSchema,
  directoryResourceSchema,
  fileResourceSchema,
  downloadResourceSchema,
  systemdUnitResourceSchema,
  helmReleaseResourceSchema,
  kubeObjectResourceSchema,
  deviceResourceSchema,
  walletResourceSchema,
  secretResourceSchema,
  manualResourceSchema,
]);

export type PortMapping = z.infer<typeof portMappingSchema>;
export type Mount = z.infer<typeof mountSchema>;
export type ContainerResource = z.infer<typeof containerResourceSchema>;
export type ContainerRunResource = z.infer<typeof containerRunResourceSchema>;
export type DirectoryResource = z.infer<typeof directoryResourceSchema>;
export type FileResource = z.infer<typeof fileResourceSchema>;
export type DownloadResource = z.infer<typeof downloadResourceSchema>;
export type SystemdUnitResource = z.infer<typeof systemdUnitResourceSchema>;
export type HelmReleaseResource = z.infer<typeof helmReleaseResourceSchema>;
export type KubeObjectResource = z.infer<typeof kubeObjectResourceSchema>;
export type DeviceResource = z.infer<typeof deviceResourceSchema>;
export type WalletResource = z.infer<typeof walletResourceSchema>;
export type SecretResource = z.infer<typeof secretResourceSchema>;
export type ManualResource = z.infer<typeof manualResourceSchema>;
/** One resource as the engine sees it (defaults applied). */
export type Resource = z.infer<typeof resourceSchema>;
/** One resource as a plugin may write it (defaults optional). */
export type ResourceInput = z.input<typeof resourceSchema>;
export type ResourceKind = Resource['kind'];
