import type { DeployRuntimes } from '../../plugin-api/deploy.js';
import * as docker from '../../system/docker.js';
import { dockerGpuAccess } from '../../system/docker-gpu.js';

export const dockerRuntime: DeployRuntimes['docker'] = {
  available: () => docker.dockerAvailable(),
  gpuAccess: () => dockerGpuAccess(),
  async container(name) {
    const found = await docker.inspectContainer(name);
    if (!found.ok) throw new Error(found.reason);
    const c = found.value;
    if (!c) return undefined;
    return { status: c.state.status, running: c.state.running, startedAt: c.state.startedAt, restartCount: c.restartCount, image: c.image };
  },
};
