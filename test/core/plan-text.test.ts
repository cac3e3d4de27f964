import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { planLines, planSummary, shellQuote } from '../../src/core/plan-text.js';
import { parseSetFlags } from '../../src/core/set-flags.js';
import { formatUptime, needsAttention } from '../../src/core/status-text.js';

describe('plan text', () => {
  it('quotes every argument so the printed command does exactly what depin runs', () => {
    const args = ['plain', 'two words', "it's", '$HOME', '`id`', '', 'a;b', '--env=A=b c'];
    const line = args.map(shellQuote).join(' ');
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    assert.deepEqual(echoed.split('\n').slice(0, -1), args);
  });

  it('shows each step with its action, differences, commands and files', () => {
    const lines = planLines([
      { action: 'create', label: 'folder /srv/x', display: [{ kind: 'command', argv: ['mkdir', '-p', '/srv/x'] }] },
      { action: 'update', label: 'container n', differences: ['env: a → b'], display: [{ kind: 'file', path: '/etc/x', contents: 'a\nb\n', mode: 0o644 }] },
      { action: 'none', label: 'unit u', display: [] },
      { action: 'by-hand', label: 'by hand: sign up', display: [{ kind: 'note', text: 'go to the site' }] },
    ]);
    assert.deepEqual(lines, [
      '+ create: folder /srv/x',
      '    $ mkdir -p /srv/x',
      '~ change: container n',
      '    differs: env: a → b',
      '    write /etc/x (mode 644):',
      '      | a',
      '      | b',
      '= unchanged: unit u',
      '! by hand: by hand: sign up',
      '    go to the site',
    ]);
    assert.equal(
      planSummary([
        { action: 'create', label: 'a', display: [] },
        { action: 'none', label: 'b', display: [] },
      ]),
      '1 to create, 0 to change, 1 unchanged',
    );
  });
});

describe('--set flags', () => {
  it('maps key=value pairs, keeping = inside values', () => {
    assert.deepEqual(parseSetFlags(['a=1', 'b=x=y', 'c='], ['a', 'b', 'c']), { ok: true, values: { a: '1', b: 'x=y', c: '' } });
  });
  it('names an unknown key and the keys the network takes', () => {
    const r = parseSetFlags(['wallt=0x1'], ['wallet', 'email']);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.problem : '', /--set wallt: unknown key \(this network takes wallet, email\)/);
  });
  it('refuses a pair without = and a key given twice', () => {
    assert.match((parseSetFlags(['wallet'], ['wallet']) as { problem: string }).problem, /expected key=value/);
    assert.match((parseSetFlags(['a=1', 'a=2'], ['a']) as { problem: string }).problem, /given twice/);
  });
});

describe('status helpers', () => {
  it('formats uptime at each boundary', () => {
    assert.equal(formatUptime(undefined), '');
    assert.equal(formatUptime(59), '59s');
    assert.equal(formatUptime(60), '1m');
    assert.equal(formatUptime(3600), '1h 0m');
    assert.equal(formatUptime(86_400 + 7200), '1d 2h');
  });
  it('a node the person stopped needs no attention; any other non-running node does', () => {
    assert.equal(needsAttention({ state: 'running', stoppedByUser: false }), false);
    assert.equal(needsAttention({ state: 'stopped', stoppedByUser: true }), false);
    assert.equal(needsAttention({ state: 'stopped', stoppedByUser: false }), true);
    assert.equal(needsAttention({ state: 'degraded', stoppedByUser: false }), true);
    assert.equal(needsAttention({ state: 'unreachable', stoppedByUser: true }), true);
  });
});
