// The engine over real files: observe → diff → apply, a second run that changes nothing, a failure
// half way that is recorded and finished by a re-run, and leave removing only what was made.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployAdapters } from '../../src/deploy/adapters/index.js';
import { diffPlan } from '../../src/deploy/engine.js';
import type { DeployEnv } from '../../src/deploy/types.js';
import { resourceSchema, type Resource } from '../../src/plugin-api/resources.js';
import { applyJoin } from '../../src/services/join-apply.js';
import { leaveNetwork } from '../../src/services/leave.js';
import { readJoined } from '../../src/store/joined-record.js';
import type { SecretStore } from '../../src/wallet/secrets/index.js';

let root: string;
let env: DeployEnv;
const noSecrets = async () => ({}) as SecretStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'depin-engine-'));
  mkdirSync(join(root, 'data'));
  env = {
    pluginId: 'demo',
    user: { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, home: root, isRoot: false },
    nodeDir: join(root, 'data', 'nodes', 'demo'),
    walletsFile: join(root, 'config', 'wallets.json'),
    secret: async () => undefined,
    signal: new AbortController().signal,
    progress: () => undefined,
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function plan(): Resource[] {
  return [
    { kind: 'directory', path: join(root, 'node'), mode: 0o700, data: true },
    { kind: 'directory', path: join(root, 'node', 'etc') },
    { kind: 'file', path: join(root, 'node', 'etc', 'node.conf'), contents: 'port = 1984\n', mode: 0o640 },
  ].map((r) => resourceSchema.parse(r));
}

async function join_(resources: Resource[]) {
  const steps = await diffPlan(resources, deployAdapters(), env);
  const record = await applyJoin(
    { dataDir: join(root, 'data'), pluginId: 'demo', answers: { port: '1984' }, secretNames: [], resources, steps },
    deployAdapters(),
    env,
    () => undefined,
  );
  return { steps, record };
}

describe('deploy engine', () => {
  it('creates what is missing, then a second run changes nothing', async () => {
    const first = await join_(plan());
    assert.deepEqual(
      first.steps.map((s) => s.action),
      ['create', 'create', 'create'],
    );
    assert.equal(readFileSync(join(root, 'node', 'etc', 'node.conf'), 'utf8'), 'port = 1984\n');
    assert.equal(statSync(join(root, 'node')).mode & 0o777, 0o700);
    assert.equal(statSync(join(root, 'node', 'etc', 'node.conf')).mode & 0o777, 0o640);
    assert.equal(first.record.complete, true);
    assert.equal(first.record.applied.length, 3);
    const second = await join_(plan());
    assert.deepEqual(
      second.steps.map((s) => s.action),
      ['none', 'none', 'none'],
    );
  });

  it('says what differs and changes only that', async () => {
    await join_(plan());
    writeFileSync(join(root, 'node', 'etc', 'node.conf'), 'port = 1 \n');
    const steps = await diffPlan(plan(), deployAdapters(), env);
    assert.deepEqual(
      steps.map((s) => s.action),
      ['none', 'none', 'update'],
    );
    assert.deepEqual(steps[2].observation, { state: 'differs', differences: ['contents differ'] });
    await join_(plan());
    assert.equal(readFileSync(join(root, 'node', 'etc', 'node.conf'), 'utf8'), 'port = 1984\n');
  });

  it('records a join that fails half way, and a re-run finishes it', async () => {
    // A file where the plan wants a folder: the second step fails after the first has been made.
    mkdirSync(join(root, 'node'));
    writeFileSync(join(root, 'node', 'etc'), 'in the way');
    await assert.rejects(join_(plan()), (error: Error) => /stopped at "folder .*etc".*not a folder/s.test(error.message));
    const partial = readJoined(join(root, 'data')).networks.demo;
    assert.equal(partial.complete, false);
    assert.deepEqual(partial.applied, [`directory:${join(root, 'node')}`]);
    rmSync(join(root, 'node', 'etc'));
    const done = await join_(plan());
    assert.equal(done.record.complete, true);
    assert.equal(done.record.applied.length, 3);
  });

  it('leave removes only what the join made and keeps node data unless purged', async () => {
    mkdirSync(join(root, 'node'));
    writeFileSync(join(root, 'node', 'mine.txt'), 'brought by the person');
    await join_(plan());
    const outcome = await leaveNetwork(join(root, 'data'), 'demo', deployAdapters(), env, { purge: false, secrets: noSecrets });
    assert.deepEqual(outcome.failed, []);
    assert.equal(existsSync(join(root, 'node', 'etc')), false, 'the folder and file the join made are gone');
    assert.equal(readFileSync(join(root, 'node', 'mine.txt'), 'utf8'), 'brought by the person');
    assert.equal(readJoined(join(root, 'data')).networks.demo, undefined);
  });

  it('--purge removes node data the join created', async () => {
    await join_(plan());
    writeFileSync(join(root, 'node', 'blob'), 'x');
    const outcome = await leaveNetwork(join(root, 'data'), 'demo', deployAdapters(), env, { purge: true, secrets: noSecrets });
    assert.ok(outcome.done.some((line) => line.includes('and everything in it')));
    assert.equal(existsSync(join(root, 'node')), false);
  });
});
