import type { JoinContext, PreflightCheck, ResourceInput } from '../../src/plugin-api/index.js';
import { parseStorage } from './answers.js';

export const IMAGE = 'storjlabs/storagenode:latest';
export const CONTAINER = 'storagenode';
const IDENTITY_FILES = ['ca.cert', 'ca.key', 'identity.cert', 'identity.key'];

export interface StorjLayout {
  storageDir: string;
  identityDir: string;
  port: number;
  dashboardPort: number;
}

export function layout(ctx: Pick<JoinContext, 'dataDir' | 'user'>, answers: Record<string, string>): StorjLayout {
  return {
    storageDir: answers.storageDir || `${ctx.dataDir}/storage`,
    identityDir: answers.identityDir || `${ctx.user.home}/.local/share/storj/identity/storagenode`,
    port: Number(answers.port || 28967),
    dashboardPort: Number(answers.dashboardPort || 14002),
  };
}

const IDENTITY_FIX = (dir: string) =>
  [
    `create an identity (it can take hours): download https://github.com/storj/storj/releases/latest/download/identity_linux_amd64.zip`,
    '(Storj publishes no checksum for it: download over HTTPS only and note its sha256),',
    `unzip it, run \`./identity create storagenode\`, then join with --set identityDir=${dir}`,
    'or point identityDir at the identity folder of the node you are moving',
  ].join(' ');

async function portCheck(ctx: JoinContext, port: number, protocol: 'tcp' | 'udp', ours: boolean): Promise<PreflightCheck> {
  const free = ours || (await ctx.runtimes.host.portFree(port, protocol));
  return {
    id: `port-${port}-${protocol}`,
    title: `port ${port}/${protocol}`,
    status: free ? 'pass' : 'fail',
    detail: ours ? 'held by the storagenode container depin runs' : free ? 'free' : 'something on this machine already listens on it',
    fix: free ? undefined : `stop what uses ${port}/${protocol}, or join with another port (--set port=… / --set dashboardPort=…)`,
  };
}

export async function preflight(ctx: JoinContext, answers: Record<string, string>): Promise<PreflightCheck[]> {
  const l = layout(ctx, answers);
  const checks: PreflightCheck[] = [];
  const docker = await ctx.runtimes.docker.available();
  checks.push(
    docker.ok
      ? { id: 'docker', title: 'Docker', status: 'pass', detail: `engine ${docker.version}` }
      : { id: 'docker', title: 'Docker', status: 'fail', detail: docker.reason, fix: docker.fix },
  );
  const missing: string[] = [];
  for (const file of IDENTITY_FILES) if (!(await ctx.runtimes.host.exists(`${l.identityDir}/${file}`))) missing.push(file);
  checks.push(
    missing.length === 0
      ? { id: 'identity', title: 'node identity', status: 'pass', detail: l.identityDir }
      : {
          id: 'identity',
          title: 'node identity',
          status: 'fail',
          detail: `${l.identityDir} lacks ${missing.join(', ')}`,
          fix: IDENTITY_FIX(l.identityDir),
        },
  );
  const wanted = parseStorage(answers.storage ?? '') ?? 0;
  const free = await ctx.runtimes.host.freeBytes(l.storageDir);
  if (free === undefined) {
    checks.push({ id: 'disk', title: 'free space', status: 'warn', detail: `could not read the free space at ${l.storageDir}` });
  } else {
    // Space the node already uses counts as available to it: a re-join must not fail on its own data.
    const ok = wanted <= free || (await ctx.runtimes.host.exists(`${l.storageDir}/config.yaml`));
    checks.push({
      id: 'disk',
      title: 'free space',
      status: ok ? 'pass' : 'fail',
      detail: `${(free / 1e12).toFixed(2)} TB free at ${l.storageDir}, ${answers.storage} asked`,
      fix: ok ? undefined : `share at most ${Math.floor(free / 1e9)}GB (--set storage=…), or choose a folder on a bigger disk (--set storageDir=…)`,
    });
  }
  const ours = docker.ok ? (await ctx.runtimes.docker.container(CONTAINER)) !== undefined : false;
  checks.push(await portCheck(ctx, l.port, 'tcp', ours));
  checks.push(await portCheck(ctx, l.port, 'udp', ours));
  checks.push(await portCheck(ctx, l.dashboardPort, 'tcp', ours));
  return checks;
}

export function plan(ctx: JoinContext, answers: Record<string, string>): ResourceInput[] {
  const l = layout(ctx, answers);
  const user = `${ctx.user.uid}:${ctx.user.gid}`;
  const mounts = [
    { source: l.identityDir, target: '/app/identity' },
    { source: l.storageDir, target: '/app/config' },
  ];
  return [
    // Tracked on Ethereum L1 even with zkSync Era payouts: depin reads no zkSync Era balances yet.
    { kind: 'wallet', address: answers.wallet, chain: 'ethereum' },
    { kind: 'directory', path: l.storageDir, mode: 0o700, data: true, owner: user },
    {
      kind: 'container-run',
      name: 'storagenode-setup',
      image: IMAGE,
      description: 'set up the storage folder (SETUP=true, only once)',
      env: { SETUP: 'true' },
      mounts,
      user,
      creates: `${l.storageDir}/config.yaml`,
    },
    {
      kind: 'container',
      name: CONTAINER,
      image: IMAGE,
      ports: [
        { hostPort: l.port, containerPort: 28967, protocol: 'tcp' },
        { hostPort: l.port, containerPort: 28967, protocol: 'udp' },
        { hostIp: '127.0.0.1', hostPort: l.dashboardPort, containerPort: 14002, protocol: 'tcp' },
      ],
      mounts,
      env: { WALLET: answers.wallet, EMAIL: answers.email, ADDRESS: answers.address, STORAGE: answers.storage },
      user,
      restart: 'unless-stopped',
      stopTimeoutSeconds: 300,
      command: answers.zksync === 'yes' ? ['--operator.wallet-features=zksync-era'] : undefined,
    },
  ];
}
