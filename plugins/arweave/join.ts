import { addressProblem } from '../../src/plugin-api/addresses.js';
import type { HealthContext, HealthReport, JoinContext, PreflightCheck, Question, ResourceInput } from '../../src/plugin-api/index.js';

/** The release depin installs unless the `arweave.version` setting says otherwise. */
export const DEFAULT_VERSION = '2.9.5';
export const DEFAULT_RELEASES = 'https://github.com/ArweaveTeam/arweave/releases/download';
export const UNIT = 'depin-arweave.service';
const PARTITION_BYTES = 3.6e12;

export const questions: Question[] = [
  {
    key: 'miningAddress',
    message: 'Arweave address that mines (43 characters)',
    flag: '--set miningAddress=<address>',
    validate: (v) => addressProblem('arweave', v),
  },
  {
    key: 'storageModules',
    message: 'Partitions to store and mine, comma-separated numbers (each is 3.6 TB), e.g. 0,1',
    flag: '--set storageModules=0,1',
    validate: (v) => {
      const parts = v.split(',').map((p) => p.trim());
      if (parts.length === 0 || parts.some((p) => !/^\d{1,4}$/.test(p))) return `"${v}" is not a list of partition numbers such as 0,1`;
      return new Set(parts).size === parts.length ? undefined : 'a partition is listed twice';
    },
  },
  {
    key: 'dataDir',
    message: 'data_dir for the weave and the wallets (empty: a folder in depin’s data folder); an SSD or NVMe disk',
    flag: '--set dataDir=/mnt/arweave',
    default: '',
    validate: (v) => (v === '' || v.startsWith('/') ? undefined : `"${v}" is not an absolute path`),
  },
  {
    key: 'scope',
    message: 'Run the miner as a user unit (survives logout only with lingering) or a system unit (needs root)',
    flag: '--set scope=user|system',
    default: 'user',
    choices: ['user', 'system'],
    validate: (v) => (v === 'user' || v === 'system' ? undefined : 'answer user or system'),
  },
  {
    key: 'peers',
    message: 'Peers to join through, comma-separated host[:port] (empty: none given; the release then uses its own)',
    flag: '--set peers=host1,host2',
    default: '',
    validate: (v) => (v === '' || v.split(',').every((p) => /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(p.trim())) ? undefined : `"${v}" is not a list of host[:port]`),
  },
];

export interface ArweaveLayout {
  version: string;
  installDir: string;
  dataDir: string;
  archive: string;
  scope: 'user' | 'system';
  partitions: string[];
}

/** The Ubuntu 22.04 build is the release's default Linux one; Ubuntu 24 and Rocky 9 have their own. */
function flavour(ctx: JoinContext): string {
  const distro = `${ctx.hardware.os.distro} ${ctx.hardware.os.release}`.toLowerCase();
  if (/ubuntu.*\b24\./.test(distro)) return 'ubuntu24';
  if (/(rocky|red hat|rhel|alma).*\b9/.test(distro)) return 'rocky9';
  return 'ubuntu22';
}

export function layout(
  ctx: Pick<JoinContext, 'dataDir' | 'user' | 'setting'> & { hardware?: JoinContext['hardware'] },
  answers: Record<string, string>,
): ArweaveLayout {
  const version = ctx.setting('version') || DEFAULT_VERSION;
  return {
    version,
    // A new folder per release: Arweave's docs say to extract each upgrade to a new location.
    installDir: `${ctx.dataDir}/releases/${version}`,
    dataDir: answers.dataDir || `${ctx.dataDir}/data`,
    archive: ctx.hardware ? `arweave-${version}.${flavour(ctx as JoinContext)}.x86_64.tar.gz` : '',
    scope: answers.scope === 'system' ? 'system' : 'user',
    partitions: (answers.storageModules ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
}

export async function preflight(ctx: JoinContext, answers: Record<string, string>): Promise<PreflightCheck[]> {
  const l = layout(ctx, answers);
  const checks: PreflightCheck[] = [];
  if (ctx.hardware.os.arch !== 'x64') {
    checks.push({
      id: 'arch',
      title: 'x86_64',
      status: 'fail',
      detail: `Arweave publishes Linux releases for x86_64 only, not ${ctx.hardware.os.arch}`,
      fix: 'use an x86_64 machine',
    });
  }
  if (l.scope === 'system' && !ctx.user.isRoot) {
    checks.push({ id: 'scope', title: 'system unit', status: 'fail', detail: 'a system unit needs root', fix: 'run depin as root, or join with --set scope=user' });
  }
  const systemd = await ctx.runtimes.systemd.available(l.scope);
  checks.push(
    systemd.ok
      ? { id: 'systemd', title: `systemd (${l.scope})`, status: 'pass', detail: systemd.version }
      : { id: 'systemd', title: `systemd (${l.scope})`, status: 'fail', detail: systemd.reason, fix: systemd.fix },
  );
  if (l.dataDir === l.installDir || l.dataDir.startsWith(`${l.installDir}/`) || l.installDir.startsWith(`${l.dataDir}/`)) {
    checks.push({ id: 'data-dir', title: 'data_dir', status: 'fail', detail: 'data_dir overlaps the install folder', fix: 'choose another --set dataDir=…' });
  }
  const free = await ctx.runtimes.host.freeBytes(l.dataDir);
  const need = l.partitions.length * PARTITION_BYTES;
  if (free !== undefined) {
    checks.push({
      id: 'disk',
      title: 'free space',
      status: free >= need ? 'pass' : 'warn',
      detail: `${(free / 1e12).toFixed(2)} TB free at ${l.dataDir}; ${l.partitions.length} partition(s) need ${(need / 1e12).toFixed(1)} TB when full`,
      fix: free >= need ? undefined : 'store fewer partitions, or put data_dir on a bigger disk; the node packs data as it syncs',
    });
  }
  const portFree = await ctx.runtimes.host.portFree(1984, 'tcp');
  const ours = (await ctx.runtimes.systemd.unit(UNIT, l.scope).catch(() => undefined))?.activeState === 'active';
  checks.push({
    id: 'port-1984',
    title: 'port 1984/tcp',
    status: portFree || ours ? 'pass' : 'fail',
    detail: ours ? 'held by the Arweave node depin runs' : portFree ? 'free' : 'something already listens on 1984',
    fix: portFree || ours ? undefined : 'stop what uses port 1984',
  });
  return checks;
}

export function plan(ctx: JoinContext, answers: Record<string, string>): ResourceInput[] {
  const l = layout(ctx, answers);
  const base = (ctx.setting('releaseUrl') || DEFAULT_RELEASES).replace(/\/+$/, '');
  const address = answers.miningAddress;
  const args = ['data_dir', l.dataDir, 'mining_addr', address];
  for (const p of l.partitions) args.push('storage_module', `${p},${address}`);
  for (const peer of (answers.peers ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean))
    args.push('peer', peer);
  args.push('mine');
  return [
    { kind: 'wallet', address, chain: 'arweave' },
    { kind: 'directory', path: l.dataDir, mode: 0o700, data: true },
    {
      kind: 'download',
      url: `${base}/N.${l.version}/${l.archive}`,
      checksumsUrl: `${base}/N.${l.version}/checksums.txt`,
      dest: l.installDir,
      extract: 'tar.gz',
      creates: `${l.installDir}/bin/arweave`,
    },
    {
      kind: 'systemd-unit',
      name: UNIT,
      scope: l.scope,
      description: `Arweave miner ${l.version} (depin)`,
      // foreground, not bin/start: systemd restarts it, and bin/start's own restart loop would fight that.
      execStart: [`${l.installDir}/bin/arweave`, 'foreground', ...args],
      workingDirectory: l.installDir,
      limitNOFILE: 1_000_000,
      restart: 'on-failure',
      restartSec: 15,
      killSignal: 'SIGTERM',
      timeoutStopSec: 600,
    },
    {
      kind: 'manual',
      title: 'Tune the kernel for mining',
      url: 'https://docs.arweave.org/developers/mining/mining-guide',
      steps: [
        'Raise fs.file-max to 10000000 (sysctl) and allow huge pages (vm.nr_hugepages=5000 for randomx_large_pages), as `bin/arweave check` advises.',
        `Back up ${l.dataDir}/wallets: it holds the mining key.`,
      ],
    },
  ];
}

interface ArweaveInfo {
  network?: string;
  version?: number | string;
  release?: number | string;
  height?: number;
  peers?: number;
  queue_length?: number;
}

/** From the unit's state and the node's own `/info` on port 1984. */
export async function health(ctx: HealthContext): Promise<HealthReport> {
  const recorded = ctx.joined.resources.find((r) => r.kind === 'systemd-unit' && r.name === UNIT);
  const scope = recorded?.kind === 'systemd-unit' ? recorded.scope : ctx.joined.answers.scope === 'system' ? 'system' : 'user';
  const unit = await ctx.runtimes.systemd.unit(UNIT, scope);
  if (!unit) return { state: 'not-installed', details: [`${scope} unit ${UNIT} is not installed`] };
  const uptimeSeconds = unit.startedAt ? Math.max(0, Math.round((Date.now() - Date.parse(unit.startedAt)) / 1000)) : undefined;
  if (unit.activeState !== 'active') {
    return { state: unit.activeState === 'failed' ? 'degraded' : 'stopped', details: [`${UNIT}: ${unit.activeState} (${unit.subState})`] };
  }
  const info = await ctx.getJson('http://127.0.0.1:1984/info', { timeoutMs: 5000 });
  if (info.status !== 'ok') return { state: 'degraded', details: [`unit active, but /info does not answer: ${info.reason}`], uptimeSeconds };
  const i = info.value as ArweaveInfo;
  const version = i.release !== undefined ? `${i.version ?? '?'} (release ${i.release})` : i.version?.toString();
  if (typeof i.height !== 'number' || i.height < 0) {
    return { state: 'degraded', details: ['the node has not joined the network yet (height -1)', `${i.peers ?? 0} peers`], version, uptimeSeconds };
  }
  return { state: 'running', details: [`height ${i.height}`, `${i.peers ?? 0} peers`, `queue ${i.queue_length ?? 0}`], version, uptimeSeconds };
}
