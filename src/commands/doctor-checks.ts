import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../cli/context.js';

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

function writableCheck(name: string, dir: string): Check {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { name, status: 'ok', detail: `${dir} is writable` };
  } catch (error) {
    return { name, status: 'fail', detail: `${dir}: ${(error as Error).message}`, fix: `Make ${dir} writable by this user, or set DEPIN_HOME to a folder that is.` };
  }
}

async function secretsCheck(ctx: CommandContext): Promise<Check> {
  const { openSecretStore } = await import('../wallet/secrets/index.js');
  const store = await openSecretStore(ctx.paths, ctx.env);
  if (store.backend === 'unavailable') {
    return {
      name: 'secrets',
      status: 'fail',
      detail: store.reason ?? 'no OS keychain and no DEPIN_PASSPHRASE',
      fix: 'Install libsecret-1-0 and gnome-keyring (or run inside a desktop session), or set DEPIN_PASSPHRASE to use the encrypted file.',
    };
  }
  const probe = await store.check();
  if (!probe.ok) return { name: 'secrets', status: 'fail', detail: probe.detail, fix: 'Unlock the keychain, or check DEPIN_PASSPHRASE.' };
  return store.backend === 'keychain'
    ? { name: 'secrets', status: 'ok', detail: `OS keychain: ${probe.detail}` }
    : { name: 'secrets', status: 'warn', detail: `no OS keychain reachable${store.reason ? ` (${store.reason})` : ''}; using the encrypted file ${ctx.paths.secretsFile}` };
}

async function historyCheck(ctx: CommandContext): Promise<Check> {
  try {
    const { openHistory } = await import('../store/history-db.js');
    const db = await openHistory(ctx.paths.dbFile);
    db.close();
    return { name: 'history', status: 'ok', detail: ctx.paths.dbFile };
  } catch (error) {
    const e = error as { message: string; suggestion?: string };
    return { name: 'history', status: 'fail', detail: e.message, fix: e.suggestion ?? `Move ${ctx.paths.dbFile} aside; depin creates a new one.` };
  }
}

async function toolChecks(ctx: CommandContext): Promise<Check[]> {
  const { which } = await import('../system/which.js');
  const { existsSync } = await import('node:fs');
  const tool = (name: string, purpose: string, fix: string): Check =>
    which(name, ctx.env)
      ? { name, status: 'ok', detail: `found (${purpose})` }
      : { name, status: 'warn', detail: `not found: needed for ${purpose}`, fix };
  return [
    tool('docker', 'container networks: nosana, storj, ionet, iotex, peaq', 'Install Docker Engine (docs.docker.com/engine/install).'),
    existsSync('/run/systemd/system')
      ? { name: 'systemd', status: 'ok', detail: 'running (binary networks: arweave)' }
      : { name: 'systemd', status: 'warn', detail: 'not running: binary networks cannot be installed as services', fix: 'Use a systemd-based Linux for arweave.' },
    tool('kubectl', 'akash provider', 'Install kubectl and point it at your cluster.'),
    tool('helm', 'akash provider', 'Install helm 3.'),
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
  return [nodeCheck(), configCheck(ctx), writableCheck('data folder', ctx.paths.data), writableCheck('config folder', ctx.paths.config), secrets, history, ...tools, ...plugins];
}
