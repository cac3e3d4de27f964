/**
 * Which joined network carries which part of the machine's electricity. Pure: the joined record's
 * networks and the GPUs seen in the power samples come in, shares and the sentences that state the
 * rule go out. A GPU is charged to the networks whose containers were given it; a GPU given to none
 * by id is shared by the joined GPU networks free to use any GPU; the baseline (the rest of the
 * machine) is split evenly across the joined networks, or by the weights of `power.split`.
 */
import type { Resource } from '../plugin-api/resources.js';

/** One network in the record of joined networks, as attribution needs it. */
export interface JoinedNode {
  network: string;
  /** Its node uses a GPU (a GPU-compute network, or one whose requirements ask for a GPU). */
  gpuNetwork: boolean;
  /** GPUs its long-running containers were given: every one, these device ids (index or UUID), or none named. */
  gpus?: 'all' | string[];
}

export interface GpuIdentity {
  gpuIndex: number;
  uuid: string | null;
  name: string;
}

export interface GpuAttribution extends GpuIdentity {
  /** Networks that share this GPU's energy evenly; empty when no joined network can use it. */
  networks: string[];
  /** given: a container was given this GPU · shared: no container names it, the GPU networks share it · none: nobody. */
  rule: 'given' | 'shared' | 'none';
}

export interface Attribution {
  gpus: GpuAttribution[];
  baseline: {
    rule: 'even' | 'split' | 'none';
    /** Fraction of the baseline each joined network carries (sums to 1, or empty when nothing is joined). */
    shares: Record<string, number>;
  };
  /** Networks named in `power.split` that are not joined here (their weight is ignored). */
  splitNotJoined: string[];
  /** The rule in words, one sentence per GPU and one for the baseline. */
  text: string[];
}

export type AttributionResult = { ok: true; attribution: Attribution } | { ok: false; error: string; fix: string };

/** The GPUs a joined network's containers were given, from the resources its join recorded. */
export function nodeGpus(resources: readonly Resource[]): 'all' | string[] | undefined {
  const ids = new Set<string>();
  for (const r of resources) {
    // A one-time setup run (container-run) holds a GPU only for moments; only long-running nodes count.
    if (r.kind !== 'container' || r.gpus === undefined) continue;
    if (r.gpus === 'all') return 'all';
    for (const id of r.gpus) ids.add(id);
  }
  return ids.size > 0 ? [...ids].sort() : undefined;
}

/** Docker names a GPU by its index or its UUID (`--gpus device=0` or `device=GPU-…`). */
function isGiven(gpus: JoinedNode['gpus'], gpu: GpuIdentity): boolean {
  if (gpus === undefined) return false;
  if (gpus === 'all') return true;
  return gpus.some((id) => id.trim() === String(gpu.gpuIndex) || (gpu.uuid !== null && id.trim().toLowerCase() === gpu.uuid.toLowerCase()));
}

const list = (ids: readonly string[]) => ids.join(', ');
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

function attributeGpu(gpu: GpuIdentity, joined: readonly JoinedNode[]): { attribution: GpuAttribution; sentence: string } {
  const label = `GPU ${gpu.gpuIndex} (${gpu.name})`;
  const given = joined.filter((n) => isGiven(n.gpus, gpu)).map((n) => n.network);
  if (given.length > 0) {
    const whose = given.length === 1 ? `its container was given this GPU` : `their containers were given this GPU; shared evenly`;
    return { attribution: { ...gpu, networks: given, rule: 'given' }, sentence: `${label}: charged to ${list(given)} (${whose}).` };
  }
  // A network whose containers were given particular GPUs cannot use the others.
  const free = joined.filter((n) => n.gpuNetwork && n.gpus === undefined).map((n) => n.network);
  if (free.length > 0) {
    return {
      attribution: { ...gpu, networks: free, rule: 'shared' },
      sentence: `${label}: no container was given it by id, so the joined GPU network${free.length === 1 ? '' : 's'} ${list(free)} ${free.length === 1 ? 'carries' : 'share evenly'} its measured draw.`,
    };
  }
  return {
    attribution: { ...gpu, networks: [], rule: 'none' },
    sentence: `${label}: no joined network uses it, so its energy is not charged to any network (shown as unattributed).`,
  };
}

export function attributePower(input: {
  joined: readonly JoinedNode[];
  gpus: readonly GpuIdentity[];
  /** Weights from `power.split`; undefined splits evenly. */
  split?: Readonly<Record<string, number>>;
  baselineWatts: number;
}): AttributionResult {
  const joined = [...input.joined].sort((a, b) => a.network.localeCompare(b.network));
  const ids = joined.map((n) => n.network);
  const gpus: GpuAttribution[] = [];
  const text: string[] = [];
  for (const gpu of [...input.gpus].sort((a, b) => a.gpuIndex - b.gpuIndex)) {
    const { attribution, sentence } = attributeGpu(gpu, joined);
    gpus.push(attribution);
    text.push(sentence);
  }

  const splitNotJoined = input.split
    ? Object.keys(input.split)
        .filter((id) => !ids.includes(id))
        .sort()
    : [];
  const shares: Record<string, number> = {};
  let rule: Attribution['baseline']['rule'] = 'none';
  if (ids.length > 0 && input.split) {
    const weights = ids.map((id) => input.split![id] ?? 0);
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) {
      return {
        ok: false,
        error: `power.split gives no weight to any joined network (joined here: ${list(ids)})`,
        fix: `Set weights for them, e.g. \`depin config set power.split ${ids.map((id) => `${id}=1`).join(',')}\`, or \`depin config unset power.split\` to split evenly.`,
      };
    }
    ids.forEach((id, i) => (shares[id] = weights[i] / total));
    rule = 'split';
  } else if (ids.length > 0) {
    for (const id of ids) shares[id] = 1 / ids.length;
    rule = 'even';
  }

  const watts = `Baseline ${input.baselineWatts} W (the rest of the machine)`;
  if (input.baselineWatts === 0) {
    text.push('Baseline: none set, so only the GPUs’ measured draw is charged.');
  } else if (rule === 'none') {
    text.push(`${watts}: no network is joined on this machine, so it is charged to none.`);
  } else if (rule === 'split') {
    const unlisted = ids.filter((id) => input.split![id] === undefined);
    text.push(
      `${watts}: split by power.split: ${ids.map((id) => `${id} ${percent(shares[id])}`).join(', ')}` +
        (unlisted.length > 0 ? ` (${list(unlisted)} not listed, so none)` : '') +
        (splitNotJoined.length > 0 ? `; ${list(splitNotJoined)} not joined here, ignored` : '') +
        '.',
    );
  } else {
    text.push(`${watts}: split evenly across the joined networks ${list(ids)}.`);
  }
  return { ok: true, attribution: { gpus, baseline: { rule, shares }, splitNotJoined, text } };
}
