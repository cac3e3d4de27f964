import { addressProblem } from '../../src/plugin-api/addresses.js';
import type { HealthContext, HealthReport, JoinContext, PreflightCheck, Question, ResourceInput } from '../../src/plugin-api/index.js';

/**
 * Render's compute subnet (Dispersed) takes Linux GPU hosts through a waitlist, an API key with
 * Compute Node permissions, and its own client whose install is not publicly documented. depin does
 * what a host can (eligibility, wallet, the key kept as a secret, Docker with GPU access) and prints
 * the remaining steps; it never pretends to install the client.
 */
const DOCS = 'https://otoyinc.mintlify.app/node-operators/quickstart-for-node-operators';
const CONSOLE_KEYS = 'https://otoyinc.mintlify.app/api-key';

export const questions: Question[] = [
  {
    key: 'wallet',
    message: 'Solana wallet that receives RENDER',
    flag: '--set wallet=<solana address>',
    validate: (v) => addressProblem('solana', v),
  },
  {
    key: 'apiPublicKey',
    message: 'Compute Node API key: public part (pk_…)',
    flag: '--set apiPublicKey=pk_…',
    secret: true,
    validate: (v) => (/^pk_[A-Za-z0-9_-]{8,}$/.test(v) ? undefined : 'expected the public key of a Compute Node API key, starting with pk_'),
  },
  {
    key: 'apiSecretKey',
    message: 'Compute Node API key: secret part (sk_…)',
    flag: '--set apiSecretKey=sk_…',
    secret: true,
    validate: (v) => (/^sk_[A-Za-z0-9_-]{8,}$/.test(v) ? undefined : 'expected the secret key of a Compute Node API key, starting with sk_'),
  },
];

export async function preflight(ctx: JoinContext): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [];
  checks.push(
    ctx.hardware.os.platform === 'linux'
      ? { id: 'os', title: 'Linux', status: 'pass', detail: `${ctx.hardware.os.distro} ${ctx.hardware.os.release}` }
      : {
          id: 'os',
          title: 'Linux',
          status: 'fail',
          detail: `${ctx.hardware.os.platform} is not taken by the compute subnet`,
          fix: 'use a Linux host (Ubuntu 22.04 or 24.04 are tested by Render)',
        },
  );
  const docker = await ctx.runtimes.docker.available();
  checks.push(
    docker.ok
      ? { id: 'docker', title: 'Docker', status: 'pass', detail: `engine ${docker.version}` }
      : { id: 'docker', title: 'Docker', status: 'fail', detail: docker.reason, fix: docker.fix },
  );
  if (docker.ok) {
    const gpu = await ctx.runtimes.docker.gpuAccess();
    checks.push(
      gpu.ok
        ? { id: 'docker-gpu', title: 'GPU access from containers', status: 'pass', detail: gpu.version }
        : { id: 'docker-gpu', title: 'GPU access from containers', status: 'fail', detail: gpu.reason, fix: gpu.fix },
    );
  }
  checks.push({
    id: 'bandwidth',
    title: 'bandwidth',
    status: 'warn',
    detail: 'Render asks for 100 Mbps down and 75 Mbps up; depin cannot measure that without a speed test',
    fix: 'run a speed test against a nearby server before applying',
  });
  return checks;
}

export function plan(_ctx: JoinContext, answers: Record<string, string>): ResourceInput[] {
  return [
    { kind: 'wallet', address: answers.wallet, chain: 'solana' },
    { kind: 'secret', name: 'apiPublicKey', description: 'Compute Node API key (public part)' },
    { kind: 'secret', name: 'apiSecretKey', description: 'Compute Node API key (secret part)' },
    {
      kind: 'manual',
      title: 'Join the Render compute waitlist and get approved',
      url: DOCS,
      steps: [`Apply with the Solana wallet ${answers.wallet} for RENDER deposits; an approved cohort is onboarded first.`],
    },
    {
      kind: 'manual',
      title: 'Install the Dispersed client and register this node',
      url: DOCS,
      steps: [
        "Follow Render's node-operator quickstart: install the Dispersed client (its install is not published openly, so depin does not install it).",
        'Register the node with the Compute Node API key you gave depin (`depin` keeps it in the secret store; the Dispersed Console shows the key pair).',
        `Create or rotate keys in the Dispersed Console (${CONSOLE_KEYS}); run the client on an isolated network or DMZ, as Render recommends.`,
      ],
    },
  ];
}

/** depin sees the host side only: no local health signal of the Dispersed client is documented. */
export async function health(ctx: HealthContext): Promise<HealthReport> {
  const details: string[] = [];
  const [docker, gpu, pub, sec] = await Promise.all([
    ctx.runtimes.docker.available(),
    ctx.runtimes.docker.gpuAccess(),
    ctx.secrets.has('apiPublicKey'),
    ctx.secrets.has('apiSecretKey'),
  ]);
  details.push(docker.ok ? `Docker ${docker.version}` : `Docker: ${docker.reason}`);
  details.push(gpu.ok ? `GPU access from containers: ${gpu.version}` : `no GPU access from containers: ${gpu.reason}`);
  details.push(pub && sec ? 'Compute Node API key stored' : 'Compute Node API key missing from the secret store');
  details.push(`the Dispersed client publishes no local health signal; see the node in the Dispersed Console (${DOCS})`);
  return { state: 'unreachable', details };
}
