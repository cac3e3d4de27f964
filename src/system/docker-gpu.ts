/**
 * Can containers here reach NVIDIA GPUs? `--gpus` works when the daemon knows the nvidia runtime (the
 * NVIDIA Container Toolkit registers it) or has CDI specs for the GPUs. Read from `docker info`, so
 * nothing has to be pulled or run to find out.
 */
import { execDocker, dockerMessage, type DockerEnv } from './docker-exec.js';

export type GpuAccess = { ok: true; version: string } | { ok: false; reason: string; fix: string };

const TOOLKIT_FIX =
  'install the NVIDIA Container Toolkit and register it with Docker: `sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker` (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html)';

export async function dockerGpuAccess(client: DockerEnv = {}): Promise<GpuAccess> {
  const result = await execDocker(client, { args: ['info', '--format', '{{json .Runtimes}}|{{json .CDISpecDirs}}|{{.ServerVersion}}'], timeoutMs: 15_000 });
  if (!result.ran || result.exitCode !== 0)
    return { ok: false, reason: `docker info failed: ${result.ran ? dockerMessage(result) : result.reason}`, fix: 'make `docker info` work first' };
  const [runtimes, cdi, version] = result.stdout.trim().split('|');
  if (/"nvidia"/.test(runtimes ?? '')) return { ok: true, version: `nvidia runtime (Docker ${version})` };
  if (cdi && cdi !== 'null' && cdi !== '[]' && /nvidia/i.test(cdi)) return { ok: true, version: `CDI (Docker ${version})` };
  return { ok: false, reason: 'Docker has no nvidia runtime, so containers cannot use the GPU', fix: TOOLKIT_FIX };
}
