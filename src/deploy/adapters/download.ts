import { existsSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { checksumFor, parseChecksumFile } from '../../core/checksums.js';
import type { DownloadResource } from '../../plugin-api/resources.js';
import { httpRequest, DEFAULT_POLICY } from '../../net/http-client.js';
import { download } from '../../system/download.js';
import { StepFailure, type DeployEnv, type Observation, type ResourceAdapter } from '../types.js';

/** Release archives are large; 4 GiB bounds a runaway body without refusing any real release. */
const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;

function archiveName(resource: DownloadResource): string {
  return basename(new URL(resource.url).pathname);
}

/** The sha256 to hold the archive to: given, or read from the release's published checksum list. */
async function expectedSha256(resource: DownloadResource, env: DeployEnv): Promise<string | undefined> {
  if (resource.sha256) return resource.sha256;
  if (!resource.checksumsUrl) return undefined;
  const answer = await httpRequest(resource.checksumsUrl, { signal: env.signal }, DEFAULT_POLICY);
  if (!answer.ok) throw new StepFailure(`checksums for ${archiveName(resource)}`, `cannot read ${resource.checksumsUrl}: ${answer.reason}`);
  const entry = checksumFor(parseChecksumFile(answer.text), archiveName(resource));
  if (!entry.ok) throw new StepFailure(`checksums for ${archiveName(resource)}`, `${resource.checksumsUrl}: ${entry.reason}`);
  return entry.sha256;
}

export const downloadAdapter: ResourceAdapter<DownloadResource> = {
  async observe(resource): Promise<Observation> {
    return existsSync(resource.creates) ? { state: 'matches' } : { state: 'absent' };
  },
  display(resource) {
    const verify = resource.sha256
      ? `check sha256 ${resource.sha256}`
      : resource.checksumsUrl
        ? `check its sha256 against ${resource.checksumsUrl}`
        : `no published checksum (${resource.unverified}); the sha256 obtained is recorded and printed`;
    return [
      { kind: 'note', text: `download ${resource.url}; ${verify}` },
      ...(resource.extract === 'tar.gz' ? [{ kind: 'command' as const, argv: ['tar', '-xzf', archiveName(resource), '-C', resource.dest] }] : []),
    ];
  },
  async apply(resource, observation, env) {
    const sha256 = await expectedSha256(resource, env);
    // A folder left by an interrupted extraction has no `creates` file: start that release afresh.
    if (observation.state === 'absent' && resource.extract === 'tar.gz' && existsSync(resource.dest)) rmSync(resource.dest, { recursive: true, force: true });
    const host = new URL(resource.url).hostname;
    let shownMb = -1;
    const got = await download({
      url: resource.url,
      sha256,
      dest: resource.extract === 'tar.gz' ? resource.dest : `${resource.dest}/${archiveName(resource)}`,
      extract: resource.extract,
      signal: env.signal,
      maxBytes: MAX_ARCHIVE_BYTES,
      allowLoopbackHttp: ['127.0.0.1', 'localhost', '[::1]'].includes(host),
      onProgress: (p) => {
        const mb = Math.floor(p.received / 50e6) * 50;
        if (mb === shownMb) return;
        shownMb = mb;
        env.progress(`downloading ${archiveName(resource)}: ${mb} MB${p.total ? ` of ${Math.round(p.total / 1e6)} MB` : ''}`);
      },
    });
    if (!got.ok) throw new StepFailure(`download ${archiveName(resource)}`, got.error.message, got.error.command?.join(' '), got.error.output);
    if (!sha256) env.progress(`${archiveName(resource)} has no published checksum; sha256 obtained: ${got.value.sha256}`);
    if (!existsSync(resource.creates)) throw new StepFailure(`download ${archiveName(resource)}`, `the archive holds no ${resource.creates}`);
  },
  async remove(resource) {
    if (!existsSync(resource.dest)) return undefined;
    rmSync(resource.dest, { recursive: true, force: true });
    return `removed ${resource.dest}`;
  },
};
