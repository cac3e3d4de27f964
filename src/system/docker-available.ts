/**
 * Is Docker usable here? Tells apart a missing CLI, a daemon nobody started, and a socket this user
 * may not open, because each has a different fix.
 */
import { execDocker, dockerMessage, type DockerEnv } from './docker-exec.js';

export type DockerAvailability = { ok: true; version: string } | { ok: false; reason: string; fix: string };

const DEFAULT_HOST = 'unix:///var/run/docker.sock';

export async function checkDockerAvailable(client: DockerEnv, timeoutMs = 15_000): Promise<DockerAvailability> {
  const env = client.env ?? process.env;
  const host = env.DOCKER_HOST || DEFAULT_HOST;
  const result = await execDocker(client, { args: ['version', '--format', '{{.Server.Version}}'], timeoutMs });
  if (!result.ran && result.notFound) {
    return {
      ok: false,
      reason: 'the docker command is not installed',
      fix: 'install Docker: `sudo apt-get install docker.io` on Debian or Ubuntu, or follow https://docs.docker.com/engine/install/',
    };
  }
  if (!result.ran) {
    return { ok: false, reason: `the Docker daemon at ${host} did not answer: ${result.reason}`, fix: daemonFix(env.DOCKER_HOST) };
  }
  const version = result.stdout.trim();
  if (result.exitCode === 0 && version.length > 0) return { ok: true, version };
  const message = dockerMessage(result);
  if (/permission denied/i.test(message)) {
    return {
      ok: false,
      reason: `this user may not use the Docker daemon at ${host} (permission denied on its socket)`,
      fix: 'add the user to the docker group: `sudo usermod -aG docker $USER`, then log out and back in (or run depin with sudo)',
    };
  }
  if (/cannot connect|is the docker daemon running|connection refused|no such file or directory|error during connect|dial unix|dial tcp/i.test(message)) {
    return { ok: false, reason: `the Docker daemon is not running or not reachable at ${host}`, fix: daemonFix(env.DOCKER_HOST) };
  }
  return { ok: false, reason: `docker version failed: ${message}`, fix: 'run `docker version` to see what is wrong with the Docker installation' };
}

function daemonFix(dockerHost: string | undefined): string {
  if (dockerHost) return `start the Docker daemon that DOCKER_HOST=${dockerHost} points to, or unset DOCKER_HOST to use the local one`;
  return 'start it: `sudo systemctl start docker` (and `sudo systemctl enable docker` to start it at boot)';
}
