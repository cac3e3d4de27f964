import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DirectoryResource, FileResource } from '../../plugin-api/resources.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import type { Observation, ResourceAdapter } from '../types.js';

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

export const directoryAdapter: ResourceAdapter<DirectoryResource> = {
  async observe(resource): Promise<Observation> {
    if (!existsSync(resource.path)) return { state: 'absent' };
    if (!statSync(resource.path).isDirectory()) return { state: 'differs', differences: [`${resource.path} exists and is not a folder`] };
    if (resource.mode !== undefined && modeOf(resource.path) !== resource.mode) {
      return { state: 'differs', differences: [`mode ${modeOf(resource.path).toString(8)} → ${resource.mode.toString(8)}`] };
    }
    return { state: 'matches' };
  },
  display(resource, _observation, env) {
    const argv = ['mkdir', '-p', resource.path];
    const items = [{ kind: 'command' as const, argv }];
    if (resource.mode !== undefined) items.push({ kind: 'command', argv: ['chmod', resource.mode.toString(8), resource.path] });
    if (resource.owner && env.user.isRoot) items.push({ kind: 'command', argv: ['chown', resource.owner, resource.path] });
    return items;
  },
  async apply(resource, observation, env) {
    if (observation.state === 'differs' && existsSync(resource.path) && !statSync(resource.path).isDirectory()) {
      throw new Error(`${resource.path} exists and is not a folder; move it away or choose another folder`);
    }
    mkdirSync(resource.path, { recursive: true, mode: resource.mode });
    if (resource.mode !== undefined) chmodSync(resource.path, resource.mode);
    if (resource.owner && env.user.isRoot) {
      const [uid, gid] = resource.owner.split(':').map(Number);
      chownSync(resource.path, uid, gid);
    }
  },
  async remove(resource, _env, { purge }) {
    if (!existsSync(resource.path)) return undefined;
    if (resource.data && !purge) return `kept ${resource.path} (node data; --purge removes it)`;
    if (resource.data) {
      rmSync(resource.path, { recursive: true, force: true });
      return `removed ${resource.path} and everything in it`;
    }
    try {
      rmdirSync(resource.path);
      return `removed ${resource.path}`;
    } catch {
      // A folder that is not empty holds something depin did not make; leaving it is the safe choice.
      return `kept ${resource.path} (not empty)`;
    }
  },
};

export const fileAdapter: ResourceAdapter<FileResource> = {
  async observe(resource): Promise<Observation> {
    if (!existsSync(resource.path)) return { state: 'absent' };
    const differences: string[] = [];
    if (readFileSync(resource.path, 'utf8') !== resource.contents) differences.push('contents differ');
    if (resource.mode !== undefined && modeOf(resource.path) !== resource.mode)
      differences.push(`mode ${modeOf(resource.path).toString(8)} → ${resource.mode.toString(8)}`);
    return differences.length > 0 ? { state: 'differs', differences } : { state: 'matches' };
  },
  display(resource) {
    return [{ kind: 'file', path: resource.path, contents: resource.contents, mode: resource.mode }];
  },
  async apply(resource) {
    mkdirSync(dirname(resource.path), { recursive: true });
    writeFileAtomic(resource.path, resource.contents, resource.mode ?? 0o644);
  },
  async remove(resource, _env, { purge }) {
    if (!existsSync(resource.path)) return undefined;
    if (resource.data && !purge) return `kept ${resource.path} (node data; --purge removes it)`;
    rmSync(resource.path, { force: true });
    return `removed ${resource.path}`;
  },
};
