import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderUnit, unitFileName, type UnitSpec } from '../../core/systemd-unit.js';
import type { SystemdUnitResource } from '../../plugin-api/resources.js';
import type { RuntimeFailure } from '../../system/runtime-types.js';
import * as systemd from '../../system/systemd.js';
import { StepFailure, type NodeControl, type Observation, type ResourceAdapter } from '../types.js';

export function unitSpec(resource: SystemdUnitResource): UnitSpec {
  return {
    name: resource.name,
    description: resource.description,
    execStart: resource.execStart,
    workingDirectory: resource.workingDirectory,
    limitNOFILE: resource.limitNOFILE,
    restart: resource.restart,
    restartSec: resource.restartSec,
    killSignal: resource.killSignal,
    timeoutStopSec: resource.timeoutStopSec,
    wantedBy: resource.scope === 'user' ? 'default.target' : 'multi-user.target',
    scope: resource.scope,
    hardening: true,
  };
}

function unitPath(resource: SystemdUnitResource): string {
  return join(systemd.unitDirectory(resource.scope), unitFileName(resource.name));
}

function failed(step: string, error: RuntimeFailure): StepFailure {
  return new StepFailure(step, error.message, error.command?.join(' '), error.output);
}

const scopeArgs = (r: SystemdUnitResource) => (r.scope === 'user' ? ['--user'] : []);

const control: NodeControl<SystemdUnitResource> = {
  async start(resource) {
    const r = await systemd.start(resource.name, resource.scope);
    if (!r.ok) throw failed(`start ${resource.name}`, r.error);
  },
  async stop(resource) {
    const r = await systemd.stop(resource.name, resource.scope);
    if (!r.ok) throw failed(`stop ${resource.name}`, r.error);
  },
  async restart(resource) {
    const r = await systemd.restart(resource.name, resource.scope);
    if (!r.ok) throw failed(`restart ${resource.name}`, r.error);
  },
  async logs(resource, env, options) {
    const r = await systemd.journal(resource.name, {
      scope: resource.scope,
      lines: options.lines,
      follow: options.follow,
      onLine: options.onLine,
      signal: env.signal,
    });
    if (!r.ok && r.error.kind !== 'cancelled') throw failed(`logs of ${resource.name}`, r.error);
  },
};

export const systemdUnitAdapter: ResourceAdapter<SystemdUnitResource> = {
  async observe(resource): Promise<Observation> {
    const path = unitPath(resource);
    if (!existsSync(path)) return { state: 'absent' };
    return readFileSync(path, 'utf8') === renderUnit(unitSpec(resource))
      ? { state: 'matches' }
      : { state: 'differs', differences: [`${path} has other contents`] };
  },
  display(resource, observation) {
    const name = unitFileName(resource.name);
    return [
      { kind: 'file', path: unitPath(resource), contents: renderUnit(unitSpec(resource)), mode: 0o644 },
      { kind: 'command', argv: ['systemctl', ...scopeArgs(resource), 'daemon-reload'] },
      { kind: 'command', argv: ['systemctl', ...scopeArgs(resource), 'enable', '--now', name] },
      ...(observation.state === 'differs' ? [{ kind: 'command' as const, argv: ['systemctl', ...scopeArgs(resource), 'try-restart', name] }] : []),
    ];
  },
  async apply(resource) {
    const r = await systemd.installUnit(unitSpec(resource));
    if (!r.ok) throw failed(`install ${resource.name}`, r.error);
  },
  async remove(resource) {
    const r = await systemd.removeUnit(resource.name, resource.scope);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.removed ? `removed ${resource.scope} unit ${resource.name}` : undefined;
  },
  control,
};
