import type { DeployRuntimes } from '../../plugin-api/deploy.js';
import * as systemd from '../../system/systemd.js';

export const systemdRuntime: DeployRuntimes['systemd'] = {
  async available(scope) {
    const probe = await systemd.unitState('depin-probe.service', scope, { timeoutMs: 10_000 });
    if (probe.ok) return { ok: true, version: `systemd (${scope} manager)` };
    const fix =
      scope === 'user'
        ? 'log in to a systemd session (or enable lingering: `loginctl enable-linger $USER`), or run as root and join with the system scope'
        : 'run depin as root on a machine that boots with systemd';
    return { ok: false, reason: `systemctl${scope === 'user' ? ' --user' : ''} does not answer: ${probe.error.message}`, fix };
  },
  async unit(name, scope) {
    const r = await systemd.unitState(name, scope, { timeoutMs: 10_000 });
    if (!r.ok) throw new Error(r.error.message);
    if (!r.value.installed) return undefined;
    return {
      activeState: r.value.activeState,
      subState: r.value.subState,
      startedAt: r.value.startedAt?.toISOString(),
      restarts: r.value.restarts ?? undefined,
    };
  },
};
