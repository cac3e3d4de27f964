import { existsSync } from 'node:fs';
import type { HardwareProfile, ToolPresence } from '../plugin-api/types.js';
import { runTool } from '../system/exec.js';
import { which } from '../system/which.js';
import { DOCKER_INFO_FORMAT, parseDockerInfo, parseDockerVersion, parseHelmVersion, parseKubectlVersion, parsePodmanVersion } from './parse-tool-versions.js';
import { rooted, type ProbeContext } from './probe-context.js';

export type Runtimes = HardwareProfile['runtimes'];

/** Presence of a tool on PATH, and its version when `args` prints one that `parse` understands. */
async function toolPresence(ctx: ProbeContext, cmd: string, args: string[], parse: (text: string) => string | undefined): Promise<ToolPresence> {
  const path = which(cmd, ctx.env, ctx.platform);
  if (!path) return { installed: false };
  const result = await runTool(path, args, { timeoutMs: ctx.quickMs, env: ctx.env });
  const version = result.ok && result.exitCode === 0 ? (parse(result.stdout) ?? parse(result.stderr)) : undefined;
  return version ? { installed: true, version } : { installed: true };
}

/** Whether the Docker daemon answers, and which runtimes it has (nvidia, when the toolkit is set up). */
async function dockerDaemon(ctx: ProbeContext): Promise<{ daemon: boolean; runtimes: string[] }> {
  const path = which('docker', ctx.env, ctx.platform);
  if (!path) return { daemon: false, runtimes: [] };
  const result = await runTool(path, ['info', '--format', DOCKER_INFO_FORMAT], { timeoutMs: ctx.quickMs, env: ctx.env });
  if (!result.ok || result.exitCode !== 0) return { daemon: false, runtimes: [] };
  const info = parseDockerInfo(result.stdout);
  return { daemon: info.serverVersion !== undefined, runtimes: info.runtimes };
}

/** Container runtimes, the NVIDIA container toolkit, systemd, kubectl and helm, all probed at once. */
export async function probeRuntimes(ctx: ProbeContext): Promise<Runtimes> {
  const [docker, daemon, podman, kubectl, helm] = await Promise.all([
    toolPresence(ctx, 'docker', ['--version'], parseDockerVersion),
    dockerDaemon(ctx),
    toolPresence(ctx, 'podman', ['--version'], parsePodmanVersion),
    toolPresence(ctx, 'kubectl', ['version', '--client', '-o', 'json'], parseKubectlVersion),
    toolPresence(ctx, 'helm', ['version', '--short'], parseHelmVersion),
  ]);
  const toolkitOnPath = ['nvidia-ctk', 'nvidia-container-runtime', 'nvidia-container-toolkit'].some((cmd) => which(cmd, ctx.env, ctx.platform) !== undefined);
  return {
    docker: { ...docker, daemon: daemon.daemon },
    podman,
    nvidiaContainerToolkit: toolkitOnPath || daemon.runtimes.some((name) => /nvidia/i.test(name)),
    // systemd creates this directory at boot; its presence is how sd_booted() tells (see sd_booted(3)).
    systemd: ctx.platform === 'linux' && existsSync(rooted(ctx, '/run/systemd/system')),
    kubectl,
    helm,
  };
}
