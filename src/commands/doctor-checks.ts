import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CommandContext } from '../cli/context.js';

const CONTAINER_NETWORKS = 'the container networks (nosana, storj, ionet, iotex, peaq)';

/** One line of `depin doctor`: a problem always comes with its fix. */
export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? { name: 'node', status: 'ok', detail: `Node.js ${process.versions.node}` }
    : { name: 'node', status: 'fail', detail: `Node.js ${process.versions.node} is too old`, fix: 'Install Node.js 20 or newer.' };
}

function configCheck(ctx: CommandContext): Check {
  try {
    ctx.config().list();
    return { name: 'config', status: 'ok', detail: ctx.paths.configFile };
  } catch (error) {
    const e = error as { message: string; suggestion?: string };
    return { name: 'config', status: 'fail', detail: e.message, fix: e.suggestion ?? `Fix or remove ${ctx.paths.configFile}.` };
  }
}

// Only access(2): a check must not change what it checks, so no folder is created and no probe written.
function writableCheck(name: string, dir: string): Check {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `${existing === dir ? dir : `${dir} does not exist and ${existing}`} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: `Make ${existing} writable by this user, or set DEPIN_HOME to a folder that is.`,
    };
  }
  return { name, status: 'ok', detail: existing === dir ? `${dir} is writable` : `${dir} does not exist yet; depin creates it when it first stores something` };
}

const KEYCHAIN_FIX = 'Install libsecret-1-0 and gnome-keyring (or run inside a desktop session), or set DEPIN_PASSPHRASE to use the encrypted file.';

/** The store's own advice: an unavailable store refuses every operation with the fix for its reason. */
async function unavailableFix(store: { get(key: string): Promise<unknown> }): Promise<string> {
  const refusal = await store.get('doctor').then(
    () => undefined,
    (error: unknown) => (error as { suggestion?: unknown }).suggestion,
  );
  return typeof refusal === 'string' && refusal.length > 0 ? `${refusal[0].toUpperCase()}${refusal.slice(1)}.` : KEYCHAIN_FIX;
}

async function secretsCheck(ctx: CommandContext): Promise<Check> {
  const { openSecretStore } = await import('../wallet/secrets/index.js');
  const store = await openSecretStore(ctx.paths, ctx.env);
  if (store.backend === 'unavailable') {
    // The fix depends on the reason: DEPIN_SECRETS_BACKEND=keychain, for one, forbids the passphrase route.
    const reason = store.reason ?? 'no OS keychain and no DEPIN_PASSPHRASE';
    const fix = await unavailableFix(store);
    // Watch-only wallets and earnings need no secret; a problem only once secrets are stored and unreadable.
    if (existsSync(ctx.paths.secretsFile)) {
      return { name: 'secrets', status: 'fail', detail: `${reason}: the secrets stored in ${ctx.paths.secretsFile} cannot be read`, fix };
    }
    return {
      name: 'secrets',
      status: 'warn',
      detail: `${reason}; no secret is stored, so nothing needs one yet (joining a network that needs a key or token will)`,
      fix,
    };
  }
  const probe = await store.check();
  if (!probe.ok) return { name: 'secrets', status: 'fail', detail: probe.detail, fix: 'Unlock the keychain, or check DEPIN_PASSPHRASE.' };
  if (store.backend === 'keychain') return { name: 'secrets', status: 'ok', detail: `OS keychain: ${probe.detail}` };
  const chosen = ctx.env.DEPIN_SECRETS_BACKEND?.trim() === 'file';
  return {
    name: 'secrets',
    status: 'warn',
    detail: `not using the OS keychain; secrets go to the ${probe.detail}`,
    fix: chosen
      ? 'Unset DEPIN_SECRETS_BACKEND to keep secrets in the OS keychain where one is reachable; until then DEPIN_PASSPHRASE must be set for every depin run.'
      : 'Install and unlock an OS keychain (Linux: gnome-keyring and libsecret-1-0) to keep secrets there; until then DEPIN_PASSPHRASE must be set for every depin run.',
  };
}

async function historyCheck(ctx: CommandContext): Promise<Check> {
  const { inspectHistory } = await import('../store/history-inspect.js');
  const found = await inspectHistory(ctx.paths.dbFile);
  if (found.state === 'absent') return { name: 'history', status: 'ok', detail: `${ctx.paths.dbFile} does not exist yet; \`depin earnings\` creates it` };
  if (found.state === 'ok') {
    return { name: 'history', status: 'ok', detail: `${ctx.paths.dbFile} (${(found.bytes / 1e6).toFixed(1)} MB, quick check ok)` };
  }
  const e = found.error;
  return { name: 'history', status: 'fail', detail: e.message, fix: e.suggestion ?? `Move ${ctx.paths.dbFile} aside; depin creates a new one.` };
}

async function toolChecks(ctx: CommandContext): Promise<Check[]> {
  // The same probe as `depin detect`, so both commands agree on what is installed and running.
  const { probeRuntimes } = await import('../hardware/probe-runtimes.js');
  const r = await probeRuntimes({ env: ctx.env, fsRoot: '/', timeoutMs: 5000, quickMs: 2500, platform: process.platform });
  const named = (name: string, version?: string) => (version ? `${name} ${version}` : name);
  const docker: Check = !r.docker.installed
    ? { name: 'docker', status: 'warn', detail: `not found: needed for ${CONTAINER_NETWORKS}`, fix: 'Install Docker Engine (docs.docker.com/engine/install).' }
    : r.docker.daemon
      ? { name: 'docker', status: 'ok', detail: `${named('docker', r.docker.version)}, daemon answers: ready for ${CONTAINER_NETWORKS}` }
      : {
          name: 'docker',
          status: 'warn',
          detail: `${named('docker', r.docker.version)} is installed but its daemon does not answer; ${CONTAINER_NETWORKS} need it`,
          fix: 'Start the daemon (`sudo systemctl start docker`) and let this user reach it (`sudo usermod -aG docker $USER`, then log in again).',
        };
  const tool = (name: string, presence: { installed: boolean; version?: string }, purpose: string, fix: string): Check =>
    presence.installed
      ? { name, status: 'ok', detail: `${named(name, presence.version)} (${purpose})` }
      : { name, status: 'warn', detail: `not found: needed for ${purpose}`, fix };
  return [
    docker,
    r.systemd
      ? { name: 'systemd', status: 'ok', detail: 'running (binary networks: arweave)' }
      : {
          name: 'systemd',
          status: 'warn',
          detail: 'not running: binary networks cannot be installed as services',
          fix: 'Use a systemd-based Linux for arweave.',
        },
    tool('kubectl', r.kubectl, 'akash provider', 'Install kubectl and point it at your cluster.'),
    tool('helm', r.helm, 'akash provider', 'Install helm 3.'),
  ];
}

async function pluginCheck(ctx: CommandContext): Promise<Check[]> {
  const { loadPlugins } = await import('../plugins-host/index.js');
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const checks: Check[] = [{ name: 'plugins', status: 'ok', detail: `${registry.plugins.length} loaded` }];
  for (const d of registry.disabled) {
    checks.push({ name: `plugin ${d.name}`, status: 'fail', detail: d.reason, fix: `Update it, or remove it with \`depin plugins remove ${d.name}\`.` });
  }
  return checks;
}

export async function runChecks(ctx: CommandContext): Promise<Check[]> {
  const [secrets, history, tools, plugins] = await Promise.all([secretsCheck(ctx), historyCheck(ctx), toolChecks(ctx), pluginCheck(ctx)]);
  return [
    nodeCheck(),
    configCheck(ctx),
    writableCheck('data folder', ctx.paths.data),
    writableCheck('config folder', ctx.paths.config),
    secrets,
    history,
    ...tools,
    ...plugins,
  ];
}
