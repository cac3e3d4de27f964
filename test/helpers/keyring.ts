// Starts a real gnome-keyring (Secret Service) for keychain tests, on the session bus that
// test/run.js provides through dbus-run-session, or on a private bus when there is none or when
// another keyring already holds the Secret Service name there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running keyring; `env` has been applied to the env object given to startKeyring. */
export interface Keyring {
  env: Record<string, string>;
  /** Folder holding the keyring's HOME and XDG folders. */
  home: string;
  stop(): Promise<void>;
}

export type KeyringStart = { ok: true; keyring: Keyring } | { ok: false; skip: string };

const PASSWORD = 'depin-test-keyring';
const SECRETS_NAME = 'org.freedesktop.secrets';

/**
 * Why keytar cannot be used here, or undefined when it loads: it is an optional dependency that
 * builds only where libsecret was present at install time, and its native part needs libsecret
 * at run time. Loaded in a child process, so a test's own keytar keeps its first bus connection.
 */
export function keytarSkipReason(): string | undefined {
  const loader = new URL('../../src/wallet/secrets/keychain.js', import.meta.url).href;
  const script = `const { loadKeytar } = await import(${JSON.stringify(loader)}); await loadKeytar();`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return undefined;
  const first = (result.stderr ?? '').split('\n').find((line) => /Error|Cannot find/.test(line)) ?? `exit ${result.status}`;
  const missing = /ERR_MODULE_NOT_FOUND|Cannot find (package|module) 'keytar'/.test(result.stderr ?? '');
  return missing
    ? 'keytar is not installed (it builds only where libsecret is present: Debian apt install libsecret-1-dev, then npm install)'
    : `keytar does not load (${first.trim()}; Debian: apt install libsecret-1-0)`;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `gnome-keyring-daemon --unlock --components=secrets` with a test password on stdin and
 * HOME/XDG folders in a temp folder, waits until it owns the Secret Service name, and exports
 * the variables it prints (plus the bus address when a private bus was started) into `env`.
 * Answers a skip reason only when the programs or keytar are missing.
 */
export async function startKeyring(env: NodeJS.ProcessEnv): Promise<KeyringStart> {
  const noKeytar = keytarSkipReason();
  if (noKeytar) return { ok: false, skip: noKeytar };
  if (!has('gnome-keyring-daemon')) return { ok: false, skip: 'gnome-keyring-daemon is not installed (Debian: apt install gnome-keyring)' };
  if (!has('dbus-run-session') && !has('dbus-daemon')) return { ok: false, skip: 'D-Bus is not installed (Debian: apt install dbus)' };

  const home = mkdtempSync(join(tmpdir(), 'depin-keyring-'));
  const dirs = {
    HOME: home,
    XDG_RUNTIME_DIR: join(home, 'run'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });

  const children: ChildProcess[] = [];
  const previous: Record<string, string | undefined> = {};
  const exported: Record<string, string> = {};
  const stop = async () => {
    for (const child of children.reverse()) await terminate(child);
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    rmSync(home, { recursive: true, force: true });
  };

  const privateBus = async (): Promise<string> => {
    const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
      env: { ...process.env, ...dirs },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(daemon);
    const address = (await firstLine(daemon)).trim();
    exported.DBUS_SESSION_BUS_ADDRESS = address;
    return address;
  };

  try {
    const shared = env.DBUS_SESSION_BUS_ADDRESS;
    // On the shared bus only while nobody else serves secrets there; another test may also claim
    // the name between the check and the start, and then a private bus is used after all.
    let printed = shared && nameOwnerPid(shared) === undefined ? await launch(shared, dirs, children) : undefined;
    printed ??= await launch(await privateBus(), dirs, children);
    if (printed === undefined) throw new Error(`another process took ${SECRETS_NAME} on a private bus`);
    for (const line of printed.split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (match) exported[match[1]] = match[2];
    }
    for (const [key, value] of Object.entries(exported)) {
      previous[key] = env[key];
      env[key] = value;
    }
    return { ok: true, keyring: { env: exported, home, stop } };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the daemon on `bus` and waits until it owns the Secret Service name. Answers what it
 * printed, or undefined (having stopped it) when another process owns the name.
 */
async function launch(bus: string, dirs: Record<string, string>, children: ChildProcess[]): Promise<string | undefined> {
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: { ...process.env, ...dirs, DBUS_SESSION_BUS_ADDRESS: bus },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(keyring);
  let printed = '';
  let errors = '';
  keyring.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  keyring.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  keyring.stdin?.end(PASSWORD);
  let taken = false;
  await waitFor(
    () => {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode}): ${errors.trim()}`);
      const owner = nameOwnerPid(bus);
      taken = owner !== undefined && owner !== keyring.pid;
      return owner === keyring.pid || taken;
    },
    15_000,
    () => `gnome-keyring-daemon did not take ${SECRETS_NAME}: ${errors.trim()}`,
  );
  if (!taken) return printed;
  await terminate(keyring);
  return undefined;
}

/** PID of the process owning the Secret Service name on `bus`, or undefined when nobody does. */
function nameOwnerPid(bus: string): number | undefined {
  const result = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.GetConnectionUnixProcessID',
      `string:${SECRETS_NAME}`,
    ],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus }, encoding: 'utf8' },
  );
  const match = /uint32 (\d+)/.exec(result.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)));
    child.once('error', reject);
  });
}

async function waitFor(ready: () => boolean, limitMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
