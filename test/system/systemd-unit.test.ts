import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { quoteExecArg, renderExecStart, renderUnit, unitFileName, validateUnitSpec, type UnitSpec } from '../../src/core/systemd-unit.js';
import { DepinError } from '../../src/domain/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'depin-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A program path with a space in it, so verify proves the quoting of the first word too.
const binDir = join(dir, 'arweave 2.9.5', 'bin');
mkdirSync(binDir, { recursive: true });
const program = join(binDir, 'arweave');
writeFileSync(program, '#!/bin/sh\nexit 0\n');
chmodSync(program, 0o755);

const arweave: UnitSpec = {
  name: 'depin-arweave',
  description: 'Arweave miner (depin, 100% of storage modules)',
  execStart: [program, 'foreground', 'mine', 'mining_addr', 'abc_DEF-123', 'storage_module', '0,abc_DEF-123', 'data_dir', '/srv/arweave data'],
  workingDirectory: join(dir, 'arweave 2.9.5'),
  limitNOFILE: 1_000_000,
  restart: 'on-failure',
  restartSec: 15,
  killSignal: 'SIGTERM',
  timeoutStopSec: 600,
  killMode: 'mixed',
  after: ['network-online.target'],
  wantedBy: 'multi-user.target',
  scope: 'system',
  user: 'arweave',
  hardening: true,
};

const userUnit: UnitSpec = {
  name: 'depin-arweave.service',
  description: 'Arweave miner',
  execStart: [program, 'foreground', 'data_dir', '$HOME/arweave', '%h', 'it\'s "quoted"', 'back\\slash', '', 'tab\there', 'line\nbreak', ';'],
  environmentFile: '-/etc/depin/arweave.env',
  restart: 'always',
  wantedBy: 'default.target',
  scope: 'user',
  hardening: true,
};

test('a system unit renders exactly, with every setting the miner needs and a clean stop', () => {
  const q = (s: string) => (s.includes(' ') ? `"${s}"` : s);
  assert.equal(
    renderUnit(arweave),
    [
      '# depin-arweave.service: written by depin; `depin join` rewrites it, `depin leave` removes it.',
      '',
      '[Unit]',
      'Description=Arweave miner (depin, 100%% of storage modules)',
      'After=network-online.target',
      'Wants=network-online.target',
      '',
      '[Service]',
      'Type=exec',
      `ExecStart=${q(program)} foreground mine mining_addr abc_DEF-123 storage_module 0,abc_DEF-123 data_dir "/srv/arweave data"`,
      `WorkingDirectory=${join(dir, 'arweave 2.9.5')}`,
      'User=arweave',
      'LimitNOFILE=1000000',
      'Restart=on-failure',
      'RestartSec=15s',
      'KillSignal=SIGTERM',
      'KillMode=mixed',
      'TimeoutStopSec=600s',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'ProtectSystem=full',
      'ProtectKernelTunables=yes',
      'ProtectControlGroups=yes',
      'RestrictSUIDSGID=yes',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  );
});

test('ExecStart words: $ and % are escaped, blanks, quotes, backslashes and control characters are quoted', () => {
  assert.equal(quoteExecArg('plain-word_1.2,3:4=5/6'), 'plain-word_1.2,3:4=5/6');
  assert.equal(quoteExecArg('two words'), '"two words"');
  assert.equal(quoteExecArg('$HOME'), '$$HOME');
  assert.equal(quoteExecArg('${HOME}/x'), '$${HOME}/x');
  assert.equal(quoteExecArg('%h'), '%%h');
  assert.equal(quoteExecArg('50% $5'), '"50%% $$5"');
  assert.equal(quoteExecArg('it\'s "quoted"'), '"it\'s \\"quoted\\""');
  assert.equal(quoteExecArg('back\\slash'), '"back\\\\slash"');
  assert.equal(quoteExecArg(''), '""');
  assert.equal(quoteExecArg('tab\there'), '"tab\\there"');
  assert.equal(quoteExecArg('line\nbreak'), '"line\\nbreak"');
  assert.equal(quoteExecArg('bell\u0007'), '"bell\\x07"');
  assert.equal(quoteExecArg(';'), '\\;');
  assert.equal(renderExecStart(['/bin/echo', 'a b', '$x']), '/bin/echo "a b" $$x');
});

test('a user unit keeps only the sandboxing a user manager can apply and has no User=', () => {
  const text = renderUnit(userUnit);
  assert.match(text, /^EnvironmentFile=-\/etc\/depin\/arweave\.env$/m);
  assert.match(text, /^NoNewPrivileges=yes$/m);
  assert.doesNotMatch(text, /PrivateTmp|ProtectSystem|^User=|Wants=/m);
  assert.match(text, /^WantedBy=default\.target$/m);
  assert.match(text, / data_dir \$\$HOME\/arweave %%h "it's \\"quoted\\"" "back\\\\slash" "" "tab\\there" "line\\nbreak" \\;$/m);
  assert.equal(unitFileName('x.service'), 'x.service');
  assert.equal(unitFileName('x'), 'x.service');
});

test('bad specs are refused with every problem named, and renderUnit throws a DepinError', () => {
  const bad: UnitSpec = {
    ...arweave,
    name: 'bad name/..',
    description: 'two\nlines',
    execStart: ['arweave', 'foreground'],
    workingDirectory: 'relative',
    killSignal: 'SIGKILL',
    limitNOFILE: -1,
    timeoutStopSec: 0,
    after: ['network-online.target; rm'],
  };
  const problems = validateUnitSpec(bad);
  assert.equal(problems.length, 8, problems.join('\n'));
  assert.ok(problems.some((p) => /SIGKILL is refused/.test(p)));
  assert.ok(problems.some((p) => /must be an absolute path/.test(p)));
  assert.deepEqual(validateUnitSpec({ ...userUnit, user: 'arweave' }), [
    'user= is only allowed in system units (a user manager runs everything as its own user)',
  ]);
  assert.deepEqual(validateUnitSpec({ ...userUnit, execStart: [] }), ['execStart needs at least the program path']);
  assert.throws(
    () => renderUnit(bad),
    (error: unknown) => error instanceof DepinError && error.kind === 'failure' && /cannot write unit bad name/.test(error.message),
  );
  assert.deepEqual(validateUnitSpec(arweave), []);
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const noAnalyze = analyze.status === 0 ? false : 'systemd-analyze is not installed (Debian package systemd); unit files cannot be verified here';

function verify(spec: UnitSpec, text = renderUnit(spec)): { status: number | null; output: string } {
  const unitDir = mkdtempSync(join(dir, 'verify-'));
  const path = join(unitDir, unitFileName(spec.name));
  writeFileSync(path, text);
  const args = spec.scope === 'user' ? ['--user', 'verify', path] : ['verify', path];
  const runtime = join(unitDir, 'runtime');
  mkdirSync(runtime, { mode: 0o700 });
  const result = spawnSync('systemd-analyze', args, { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_LEVEL: 'warning' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('every unit rendered here passes systemd-analyze verify', { skip: noAnalyze }, () => {
  const specs: UnitSpec[] = [
    arweave,
    userUnit,
    { ...arweave, user: undefined, hardening: false, timeoutStopSec: 'infinity', killSignal: 'SIGINT', restart: 'no', after: undefined },
    { name: 'depin-min', description: 'minimal', execStart: [program], restart: 'on-failure', wantedBy: 'default.target', scope: 'user' },
  ];
  for (const spec of specs) {
    const { status, output } = verify(spec);
    assert.equal(status, 0, `${spec.name} (${spec.scope}) failed verify:\n${output}`);
    assert.doesNotMatch(output, /Unbalanced quoting|Invalid|Failed to/i, output);
  }
});

test('verify does catch a broken unit, so the check above can fail', { skip: noAnalyze }, () => {
  const text = renderUnit(arweave).replace(/^ExecStart=.*$/m, `ExecStart=${program} "unterminated`);
  const { status, output } = verify(arweave, text);
  assert.notEqual(status, 0);
  assert.match(output, /Unbalanced quoting/);
});
