import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { resolvePaths } from '../../src/store/paths.js';

interface AddressCase {
  input: string;
  chain?: string;
  reason?: string;
  expect?: { chain: string; display: string };
  pairWith?: string;
  source?: string;
}
interface AddressFixture {
  valid: AddressCase[];
  invalid: AddressCase[];
}

function addresses(name: string): AddressFixture {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/addresses/${name}.json`, import.meta.url), 'utf8')) as AddressFixture;
}
const solana = addresses('solana');
const evm = addresses('evm');
const iotex = addresses('iotex');
const filecoin = addresses('filecoin');
const akash = addresses('akash');
const arweave = addresses('arweave');

/** One valid address per chain family; those without `chain` must be recognised from their format. */
const FAMILIES: { label: string; case: AddressCase; chain?: string }[] = [
  { label: 'solana-main', case: solana.valid.find((c) => c.chain === undefined)! },
  { label: 'eth-main', case: evm.valid[0], chain: 'ethereum' },
  { label: 'peaq-main', case: evm.valid.find((c) => c.chain === 'peaq')!, chain: 'peaq' },
  { label: 'iotex-main', case: iotex.valid.find((c) => c.chain === undefined && c.pairWith)! },
  { label: 'fil-main', case: filecoin.valid.find((c) => c.chain === undefined)! },
  { label: 'akash-main', case: akash.valid.find((c) => c.chain === undefined)! },
  { label: 'ar-main', case: arweave.valid.find((c) => c.chain === undefined)! },
];
const AMBIGUOUS = evm.invalid.find((c) => c.chain === undefined && c.reason?.includes('--chain'))!;
const PRIVATE_KEY = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

describe('depin wallet', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const file = resolvePaths(env).walletsFile;
  const contents = () => (existsSync(file) ? readFileSync(file, 'utf8') : null);

  it('an 0x address without --chain and no TTY is exit 2 naming --chain, and nothing is written', async () => {
    const r = await runCli(['wallet', 'add', AMBIGUOUS.input], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /error: missing answer: Which chain is 0x[0-9a-fA-F]{40} on\?/);
    assert.match(r.stderr, /Pass --chain <chain> with one of: ethereum, iotex, peaq; no terminal is attached to ask/);
    assert.equal(contents(), null);
  });

  it('a private key is refused and never repeated, in text or JSON', async () => {
    for (const args of [
      ['wallet', 'add', PRIVATE_KEY],
      ['wallet', 'add', `0x${PRIVATE_KEY}`, '--chain', 'ethereum', '--json'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /looks like a private key or recovery phrase, not an address/);
      assert.ok(!r.stdout.includes(PRIVATE_KEY.slice(8)) && !r.stderr.includes(PRIVATE_KEY.slice(8)), 'the key is not echoed');
    }
    const phrase = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    const r = await runCli(['wallet', 'add', phrase], { env });
    assert.equal(r.code, 2);
    assert.ok(!r.stderr.includes('abandon'));
    assert.equal(contents(), null);
  });

  it('adds an address of every chain family, stored in its canonical form', async () => {
    for (const f of FAMILIES) {
      const args = ['wallet', 'add', f.case.input, '--label', f.label, '--json', ...(f.chain ? ['--chain', f.chain] : [])];
      const r = await runCli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      const { wallet } = r.json();
      assert.deepEqual(
        { address: wallet.address, chain: wallet.chain, label: wallet.label },
        { address: f.case.expect!.display, chain: f.case.expect!.chain, label: f.label },
      );
      assert.ok(!Number.isNaN(Date.parse(wallet.addedAt)));
    }
    const book = JSON.parse(contents()!);
    assert.deepEqual(
      book.wallets.map((w: { chain: string }) => w.chain),
      ['solana', 'ethereum', 'peaq', 'iotex', 'filecoin', 'akash', 'arweave'],
    );
  });

  it('--network settles the chain of an 0x address when the network pays on only one', async () => {
    const rndr = evm.valid.find((c) => c.source?.includes('legacy RNDR'))!;
    const r = await runCli(['wallet', 'add', rndr.input, '--network', 'storj'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `tracking ${rndr.expect!.display} on ethereum for storj (watch-only)\n`);
  });

  it('list --json and the table show every wallet', async () => {
    const [json, table] = await Promise.all([runCli(['wallet', 'list', '--json'], { env }), runCli(['wallet', 'list'], { env })]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(json.json(), { wallets: JSON.parse(contents()!).wallets });
    assert.equal(json.json().wallets.length, FAMILIES.length + 1);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /│ label\s+│ chain\s+│ address\s+│ network\s+│/);
    for (const f of FAMILIES) assert.match(table.stdout, new RegExp(`│ ${f.label}\\s+│ ${f.case.expect!.chain}\\s+│ ${f.case.expect!.display}\\s+│`));
  });

  it('a duplicate (in another spelling) is exit 2 and the file is unchanged', async () => {
    const before = contents();
    const r = await runCli(['wallet', 'add', evm.valid[0].input.toLowerCase(), '--chain', 'ethereum'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`error: ${evm.valid[0].expect!.display} is already tracked on ethereum`));
    assert.equal(contents(), before);
  });

  it('invalid addresses are exit 2 with the reason, and the file is unchanged', async () => {
    const before = contents();
    const cases = [
      solana.invalid.find((c) => c.reason?.startsWith('base58 decodes to 31 bytes'))!,
      filecoin.invalid.find((c) => c.reason === 'Filecoin checksum mismatch')!,
    ];
    for (const c of cases) {
      const r = await runCli(['wallet', 'add', c.input, ...(c.chain ? ['--chain', c.chain] : [])], { env });
      assert.equal(r.code, 2, c.input);
      assert.ok(r.stderr.startsWith(`error: invalid address: ${c.reason}`), r.stderr);
    }
    assert.equal(contents(), before);
  });

  it('an unknown chain, an unknown network and a network that pays elsewhere are exit 2', async () => {
    const before = contents();
    const sol = solana.valid[1].input;
    const [chain, network, mismatch, evmMismatch] = await Promise.all([
      runCli(['wallet', 'add', sol, '--chain', 'dogecoin'], { env }),
      runCli(['wallet', 'add', sol, '--network', 'storjj'], { env }),
      runCli(['wallet', 'add', sol, '--network', 'storj'], { env }),
      runCli(['wallet', 'add', AMBIGUOUS.input, '--network', 'nosana'], { env }),
    ]);
    assert.equal(chain.code, 2);
    assert.match(chain.stderr, /error: unknown chain "dogecoin"\n {2}Use one of: solana, ethereum, iotex, peaq, filecoin, akash, arweave\./);
    assert.equal(network.code, 2);
    assert.match(network.stderr, /error: unknown network "storjj"\n {2}did you mean "storj"\?/);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /error: storj pays on ethereum, but this is a solana address/);
    assert.equal(evmMismatch.code, 2);
    assert.match(evmMismatch.stderr, /error: nosana pays on solana, but this address is one for ethereum, iotex, peaq/);
    assert.equal(contents(), before);
  });

  it('remove by label (any case) and by address (another spelling of it)', async () => {
    let r = await runCli(['wallet', 'remove', 'SOLANA-MAIN', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.json().removed.map((w: { address: string; label: string }) => [w.address, w.label]),
      [[FAMILIES[0].case.expect!.display, 'solana-main']],
    );

    // The IoTeX wallet is stored as io1…; its 0x form names the same account.
    const io = FAMILIES[3].case;
    r = await runCli(['wallet', 'remove', io.pairWith!], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `stopped tracking ${io.expect!.display} (iotex); its history stays in the local database\n`);

    const left = JSON.parse(contents()!).wallets.map((w: { label?: string }) => w.label);
    assert.deepEqual(left, ['eth-main', 'peaq-main', 'fil-main', 'akash-main', 'ar-main', undefined]);

    r = await runCli(['wallet', 'remove', 'solana-main'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: no tracked wallet has the address or label "solana-main"/);
  });
});

describe('depin wallet remove for an address tracked on several chains', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const file = resolvePaths(env).walletsFile;
  const io = iotex.valid.find((c) => c.chain === undefined && c.pairWith)!;
  const hex = io.pairWith!;

  it('without a TTY is exit 2 naming every chain, --chain and --yes, and removes nothing', async () => {
    for (const chain of ['ethereum', 'iotex', 'peaq']) {
      const r = await runCli(['wallet', 'add', hex, '--chain', chain], { env });
      assert.equal(r.code, 0, r.stderr);
    }
    const before = readFileSync(file, 'utf8');
    const [text, json] = await Promise.all([
      runCli(['wallet', 'remove', hex], { env }),
      runCli(['wallet', 'remove', `0x${hex.slice(2).toUpperCase()}`, '--json'], { env }),
    ]);
    assert.equal(text.code, 2);
    assert.equal(text.stdout, '');
    assert.match(text.stderr, new RegExp(`error: ${hex} is tracked on 3 chains: ethereum 0x[0-9a-fA-F]{40}, iotex ${io.expect!.display}, peaq 0x`));
    assert.match(text.stderr, /Pass --chain ethereum\|iotex\|peaq to stop tracking it on one, or --yes to stop tracking it on all of them/);
    assert.equal(json.code, 2);
    assert.equal(json.json().error.exitCode, 2);
    assert.match(json.json().error.message, /is tracked on 3 chains/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('io1… names the IoTeX wallet only; --chain removes that one only; --yes removes the rest and says which', async () => {
    let r = await runCli(['wallet', 'remove', io.expect!.display, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.json().removed.map((w: { chain: string }) => w.chain),
      ['iotex'],
    );
    r = await runCli(['wallet', 'remove', hex, '--chain', 'iotex'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no tracked wallet has the address or label "0x[0-9a-f]{40}" on iotex/);
    r = await runCli(['wallet', 'remove', hex, '--chain', 'dogecoin'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown chain "dogecoin"/);
    r = await runCli(['wallet', 'remove', hex, '--yes'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(
      r.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/ 0x\S+ /, ' X ')),
      ['stopped tracking X (ethereum); its history stays in the local database', 'stopped tracking X (peaq); its history stays in the local database'],
    );
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).wallets, []);
  });
});

describe('depin wallet with a corrupt wallets file', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const file = resolvePaths(env).walletsFile;

  it('every wallet command is exit 1 naming the file, and leaves it byte for byte', async () => {
    mkdirSync(dirname(file), { recursive: true });
    const corrupt = '{"version":1,"wallets":[{"address":"BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K",';
    writeFileSync(file, corrupt);
    const runs = await Promise.all(
      [
        ['wallet', 'list'],
        ['wallet', 'add', solana.valid[1].input],
        ['wallet', 'remove', 'anything'],
        ['wallet', 'list', '--json'],
      ].map((args) => runCli(args, { env })),
    );
    for (const r of runs) {
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(`error: ${file} is damaged: it is not valid JSON. It was left as it is.`), r.stderr);
    }
    assert.equal(runs[3].json().error.code, 'WALLETS_CORRUPT');
    assert.equal(readFileSync(file, 'utf8'), corrupt);
  });
});
