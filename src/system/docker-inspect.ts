/**
 * Reads `docker container inspect` and `docker image inspect` JSON into the small typed subset depin
 * uses. Docker writes null for many empty fields (Env, Cmd, PortBindings, DeviceRequests), so every
 * field is optional here and gets its empty value.
 */
import { z } from 'zod';
import type { ContainerStatus, InspectedContainer, InspectedImage } from '../core/container-diff.js';
import type { MountSpec, PortSpec, RestartPolicy } from '../core/docker-run-args.js';

const strings = z.array(z.string()).nullish();
const labels = z.record(z.string(), z.string()).nullish();

const containerSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Image: z.string(),
  RestartCount: z.number().nullish(),
  State: z.object({
    Status: z.string(),
    Running: z.boolean().nullish(),
    ExitCode: z.number().nullish(),
    StartedAt: z.string().nullish(),
    FinishedAt: z.string().nullish(),
    Error: z.string().nullish(),
  }),
  Config: z.object({
    Image: z.string(),
    Env: strings,
    User: z.string().nullish(),
    Cmd: strings,
    Entrypoint: strings,
    Labels: labels,
    StopTimeout: z.number().nullish(),
  }),
  HostConfig: z.object({
    PortBindings: z.record(z.string(), z.array(z.object({ HostIp: z.string().nullish(), HostPort: z.string().nullish() })).nullish()).nullish(),
    RestartPolicy: z.object({ Name: z.string().nullish(), MaximumRetryCount: z.number().nullish() }).nullish(),
    DeviceRequests: z
      .array(
        z.object({
          Driver: z.string().nullish(),
          Count: z.number().nullish(),
          DeviceIDs: strings,
          Capabilities: z.array(z.array(z.string())).nullish(),
        }),
      )
      .nullish(),
  }),
  Mounts: z.array(z.object({ Type: z.string(), Source: z.string().nullish(), Destination: z.string(), RW: z.boolean().nullish() })).nullish(),
});

const imageSchema = z.object({
  Id: z.string(),
  RepoTags: strings,
  RepoDigests: strings,
  Created: z.string().nullish(),
  Config: z.object({ Env: strings, User: z.string().nullish(), Cmd: strings, Entrypoint: strings, Labels: labels }).nullish(),
});

const STATUSES: ContainerStatus[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const RESTARTS: RestartPolicy[] = ['no', 'unless-stopped', 'always', 'on-failure'];
// Docker's zero time, written for a container that never started or never finished.
const ZERO_TIME = /^0001-01-01/;

export function envRecord(lines: readonly string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines ?? []) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

function time(value: string | null | undefined): string | undefined {
  return value && !ZERO_TIME.test(value) ? value : undefined;
}

/** Parses the JSON `docker container inspect NAME` prints; a message when it is not what docker writes. */
export function parseContainerInspect(json: string): { ok: true; value: InspectedContainer } | { ok: false; reason: string } {
  const first = firstOf(json);
  if (!first.ok) return first;
  const parsed = containerSchema.safeParse(first.value);
  if (!parsed.success) return { ok: false, reason: `docker container inspect printed an unexpected shape: ${parsed.error.issues[0]?.message}` };
  const c = parsed.data;
  const ports: PortSpec[] = [];
  for (const [key, bindings] of Object.entries(c.HostConfig.PortBindings ?? {})) {
    const [portText, protocol = 'tcp'] = key.split('/');
    if (protocol !== 'tcp' && protocol !== 'udp') continue;
    for (const binding of bindings ?? []) {
      const host = binding.HostIp ? binding.HostIp : undefined;
      ports.push({ ...(host ? { host } : {}), hostPort: Number(binding.HostPort ?? 0), containerPort: Number(portText), protocol });
    }
  }
  const mounts: MountSpec[] = (c.Mounts ?? [])
    .filter((m) => m.Type === 'bind')
    .map((m) => ({ source: m.Source ?? '', target: m.Destination, ...(m.RW === false ? { readOnly: true } : {}) }));
  const gpuRequest = (c.HostConfig.DeviceRequests ?? []).find((r) => (r.Capabilities ?? []).some((set) => set.includes('gpu')));
  const gpus = gpuRequest === undefined ? undefined : gpuRequest.DeviceIDs && gpuRequest.DeviceIDs.length > 0 ? gpuRequest.DeviceIDs : 'all';
  const restartName = c.HostConfig.RestartPolicy?.Name || 'no';
  const value: InspectedContainer = {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    state: {
      status: STATUSES.includes(c.State.Status as ContainerStatus) ? (c.State.Status as ContainerStatus) : 'dead',
      running: c.State.Running ?? false,
      exitCode: c.State.ExitCode ?? 0,
      ...(time(c.State.StartedAt) ? { startedAt: time(c.State.StartedAt) } : {}),
      ...(time(c.State.FinishedAt) ? { finishedAt: time(c.State.FinishedAt) } : {}),
      ...(c.State.Error ? { error: c.State.Error } : {}),
    },
    restartCount: c.RestartCount ?? 0,
    image: c.Config.Image,
    imageId: c.Image,
    env: envRecord(c.Config.Env),
    user: c.Config.User ?? '',
    cmd: c.Config.Cmd ?? [],
    entrypoint: c.Config.Entrypoint ?? [],
    labels: c.Config.Labels ?? {},
    ...(c.Config.StopTimeout != null ? { stopTimeoutSeconds: c.Config.StopTimeout } : {}),
    ports,
    mounts,
    restart: {
      name: RESTARTS.includes(restartName as RestartPolicy) ? (restartName as RestartPolicy) : 'no',
      maximumRetryCount: c.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    ...(gpus ? { gpus } : {}),
  };
  return { ok: true, value };
}

/** Parses the JSON `docker image inspect REF` prints. */
export function parseImageInspect(json: string): { ok: true; value: InspectedImage } | { ok: false; reason: string } {
  const first = firstOf(json);
  if (!first.ok) return first;
  const parsed = imageSchema.safeParse(first.value);
  if (!parsed.success) return { ok: false, reason: `docker image inspect printed an unexpected shape: ${parsed.error.issues[0]?.message}` };
  const i = parsed.data;
  return {
    ok: true,
    value: {
      id: i.Id,
      repoTags: i.RepoTags ?? [],
      repoDigests: i.RepoDigests ?? [],
      ...(i.Created ? { created: i.Created } : {}),
      env: envRecord(i.Config?.Env),
      user: i.Config?.User ?? '',
      cmd: i.Config?.Cmd ?? [],
      entrypoint: i.Config?.Entrypoint ?? [],
      labels: i.Config?.Labels ?? {},
    },
  };
}

function firstOf(json: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'docker inspect printed something that is not JSON' };
  }
  if (!Array.isArray(data) || data.length === 0) return { ok: false, reason: 'docker inspect printed no object' };
  return { ok: true, value: data[0] };
}
