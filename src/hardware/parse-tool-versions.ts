/** Pure parsers for the version lines of docker, podman, kubectl and helm. */

/** Drops a leading "v" and any "+build" suffix: "v3.14.2+gc309b6f" → "3.14.2". */
export function cleanVersion(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const v = raw
    .trim()
    .replace(/^v(?=\d)/, '')
    .replace(/\+.*$/, '');
  return /^\d/.test(v) ? v : undefined;
}

/** "Docker version 28.2.2, build e6534b4" → "28.2.2". */
export function parseDockerVersion(text: string): string | undefined {
  return cleanVersion(/Docker version\s+([^\s,]+)/i.exec(text)?.[1]);
}

/** "podman version 4.3.1" → "4.3.1". */
export function parsePodmanVersion(text: string): string | undefined {
  return cleanVersion(/podman version\s+(\S+)/i.exec(text)?.[1]);
}

/** `kubectl version --client -o json` → clientVersion.gitVersion without its "v". */
export function parseKubectlVersion(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { clientVersion?: { gitVersion?: string } };
    return cleanVersion(parsed.clientVersion?.gitVersion);
  } catch {
    // Old kubectl prints Go struct syntax: Client Version: version.Info{Major:"1", ..., GitVersion:"v1.20.4", ...}
    return cleanVersion(/GitVersion:"([^"]+)"/.exec(text)?.[1] ?? /Client Version:\s*(v?\d[^\s]*)/.exec(text)?.[1]);
  }
}

/** `helm version --short` → "v3.14.2+gc309b6f" → "3.14.2". */
export function parseHelmVersion(text: string): string | undefined {
  return cleanVersion(/v?\d+\.\d+[^\s]*/.exec(text)?.[0]);
}

/** The Go template given to `docker info`: the server version, then the name of every runtime. */
export const DOCKER_INFO_FORMAT = '{{.ServerVersion}}{{range $name, $runtime := .Runtimes}} {{$name}}{{end}}';

/** Parses `docker info --format DOCKER_INFO_FORMAT` output: "28.2.2 io.containerd.runc.v2 nvidia runc". */
export function parseDockerInfo(text: string): { serverVersion?: string; runtimes: string[] } {
  const [version, ...runtimes] = text.trim().split(/\s+/).filter(Boolean);
  return { serverVersion: cleanVersion(version), runtimes };
}
