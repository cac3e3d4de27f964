/**
 * Compares the container depin wants with the one docker has, field by field. An empty answer means
 * the existing container already matches, so a second `join` leaves it alone. Pure: the inspected
 * values come from `src/system/docker-inspect.ts`.
 */
import { normalizeImageRef, publishValue, type ContainerSpec, type MountSpec, type PortSpec, type RestartPolicy } from './docker-run-args.js';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** The part of `docker container inspect` that depin reads. */
export interface InspectedContainer {
  id: string;
  name: string;
  state: {
    status: ContainerStatus;
    running: boolean;
    exitCode: number;
    /** ISO time; absent when the container never started. */
    startedAt?: string;
    finishedAt?: string;
    /** Docker's own error for the last start, when there was one. */
    error?: string;
  };
  restartCount: number;
  /** The reference the container was created from, as given. */
  image: string;
  /** The image id (sha256:…) the container runs. */
  imageId: string;
  env: Record<string, string>;
  user: string;
  cmd: string[];
  entrypoint: string[];
  labels: Record<string, string>;
  stopTimeoutSeconds?: number;
  ports: PortSpec[];
  mounts: MountSpec[];
  restart: { name: RestartPolicy; maximumRetryCount: number };
  gpus?: 'all' | string[];
}

/** The part of `docker image inspect` that depin reads. */
export interface InspectedImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created?: string;
  env: Record<string, string>;
  user: string;
  cmd: string[];
  entrypoint: string[];
  labels: Record<string, string>;
}

export type ContainerField = 'image' | 'ports' | 'mounts' | 'env' | 'user' | 'restart' | 'stopTimeout' | 'gpus' | 'command' | 'labels';

/** One field that differs, with both sides in words. Secret values never appear, only their names. */
export interface ContainerDifference {
  field: ContainerField;
  want: string;
  have: string;
}

/**
 * What would change if the container were created from `spec`. `image`, when given, is the local image
 * `spec.image` names now: it lets the diff notice a newer pulled image and tell the image's own
 * defaults (PATH, CMD, user) from settings an earlier spec made and this one dropped. Secret
 * variables are compared by presence only: their values are never read back.
 */
export function diffContainer(spec: ContainerSpec, inspected: InspectedContainer, image?: InspectedImage): ContainerDifference[] {
  const out: ContainerDifference[] = [];
  const add = (field: ContainerField, want: string, have: string) => {
    if (want !== have) out.push({ field, want, have });
  };

  add('image', normalizeImageRef(spec.image), normalizeImageRef(inspected.image));
  if (image && out.length === 0 && image.id !== inspected.imageId) out.push({ field: 'image', want: image.id, have: inspected.imageId });
  add('ports', setText(spec.ports.map(portText)), setText(inspected.ports.map(portText)));
  add('mounts', setText(spec.mounts.map(mountText)), setText(inspected.mounts.map(mountText)));
  add('env', ...envTexts(spec, inspected, image));
  if (spec.user !== undefined || image) add('user', spec.user ?? image?.user ?? '', inspected.user);
  add('restart', spec.restart, inspected.restart.name);
  add('stopTimeout', secondsText(spec.stopTimeoutSeconds), secondsText(inspected.stopTimeoutSeconds));
  add('gpus', gpusText(spec.gpus), gpusText(inspected.gpus));
  if (spec.command !== undefined || image) add('command', JSON.stringify(spec.command ?? image?.cmd ?? []), JSON.stringify(inspected.cmd));
  const labels = spec.labels ?? {};
  const haveLabels = Object.fromEntries(Object.keys(labels).map((key) => [key, inspected.labels[key]]));
  add('labels', setText(Object.entries(labels).map(([k, v]) => `${k}=${v}`)), setText(Object.entries(haveLabels).map(([k, v]) => `${k}=${v ?? '(none)'}`)));
  return out;
}

function portText(port: PortSpec): string {
  // Docker treats an empty host IP and 0.0.0.0 alike for binding; so does the comparison.
  return publishValue({ ...port, host: port.host === '0.0.0.0' ? undefined : port.host });
}

function mountText(mount: MountSpec): string {
  return `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`;
}

function setText(items: string[]): string {
  return [...new Set(items)].sort().join(', ') || '(none)';
}

function secondsText(seconds: number | undefined): string {
  return seconds === undefined ? '(default)' : `${seconds}s`;
}

function gpusText(gpus: 'all' | string[] | undefined): string {
  if (gpus === undefined) return '(none)';
  return gpus === 'all' ? 'all' : `device=${[...gpus].sort().join(',')}`;
}

// Only variables the spec names are compared, plus (with the image) variables the container has that
// neither the spec nor the image explains: those come from an earlier spec and would linger.
function envTexts(spec: ContainerSpec, inspected: InspectedContainer, image?: InspectedImage): [string, string] {
  const secretNames = Object.keys(spec.secretEnv ?? {});
  const want: string[] = [];
  const have: string[] = [];
  for (const [key, value] of Object.entries(spec.env)) {
    want.push(`${key}=${value}`);
    have.push(key in inspected.env ? `${key}=${inspected.env[key]}` : `${key} unset`);
  }
  for (const key of secretNames) {
    want.push(`${key}=(secret)`);
    have.push(key in inspected.env ? `${key}=(secret)` : `${key} unset`);
  }
  if (image) {
    for (const [key, value] of Object.entries(inspected.env)) {
      if (key in spec.env || secretNames.includes(key) || image.env[key] === value) continue;
      // The value is not shown: it may be a secret that an earlier spec passed.
      want.push(key in image.env ? `${key}=${image.env[key]}` : `${key} unset`);
      have.push(`${key} set by an earlier configuration`);
    }
  }
  return [setText(want), setText(have)];
}
