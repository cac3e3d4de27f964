import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { base58 } from '@scure/base';
import { DepinError } from '../../src/domain/errors.js';
import { exitCodeFor } from '../../src/cli/errors.js';
import { resolvePaths, type DepinPaths } from '../../src/store/paths.js';
import { addWallet, listWallets, loadWalletBook, removeWallet, walletsToRemove } from '../../src/wallet/book.js';
import { detectKeyMaterial } from '../../src/wallet/key-material.js';

const root = mkdtempSync(join(tmpdir(), 'depin-book-'));
after(() => rmSync(root, { recursive: true, force: true }));

let paths: DepinPaths;
let n = 0;
beforeEach(() => {
  paths = resolvePaths({ DEPIN_HOME: join(root, `home-${n++}`) });
});

function expectError(fn: () => unknown, code: string, exitCode: number): DepinError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DepinError, `expected a DepinError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(exitCodeFor(caught.kind), exitCode);
  return caught;
}

const STORJ = '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC';
const NOS_WALLET = 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7';
const IO1 = 'io1hp6y4eqr90j7tmul4w2wa8pm7wx462hq0mg4tw';
const IO1_HEX = '0xb8744ae4032be5e5ef9fab94ee9c3bf38d5d2ae0';
const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('wallet book', () => {
  it('is empty, without creating a file, when nothing was added', () => {
    assert.deepEqual(listWallets(paths), []);
    assert.equal(existsSync(paths.walletsFile), false);
  });

  it('adds, lists and stores the canonical form in a private file', () => {
    const entry = addWallet(paths, { address: NOS_WALLET, label: 'gpu rig', network: 'nosana' }, NOW);
    assert.deepEqual(entry, { address: NOS_WALLET, chain: 'solana', label: 'gpu rig', network: 'nosana', addedAt: NOW.toISOString() });
    addWallet(paths, { address: STORJ.toLowerCase(), chain: 'ethereum' }, NOW);
    addWallet(paths, { address: IO1_HEX, chain: 'iotex' }, NOW);
    const onDisk = JSON.parse(readFileSync(paths.walletsFile, 'utf8'));
    assert.deepEqual(onDisk, {
      version: 1,
      wallets: [entry, { address: STORJ, chain: 'ethereum', addedAt: NOW.toISOString() }, { address: IO1, chain: 'iotex', addedAt: NOW.toISOString() }],
    });
    assert.deepEqual(listWallets(paths), onDisk.wallets);
    assert.equal(statSync(paths.walletsFile).mode & 0o777, 0o600);
  });

  it('needs --chain for a 0x address and says which chains fit', () => {
    const error = expectError(() => addWallet(paths, { address: STORJ }), 'INVALID_ADDRESS', 2);
    assert.match(error.message, /0x… addresses exist on ethereum, iotex and peaq/);
    assert.equal(error.suggestion, 'add --chain ethereum or --chain iotex or --chain peaq');
    assert.equal(existsSync(paths.walletsFile), false);
  });

  it('rejects an invalid address with the parser reason', () => {
    const error = expectError(() => addWallet(paths, { address: 'iotEVVZLEyWo6EhDCJfzMYYcelFf8kUAkn52QOkC6zb' }), 'INVALID_ADDRESS', 2);
    assert.equal(error.message, "invalid address: contains 'l', which is not in the base58 alphabet (base58 leaves out 0, O, I and l)");
  });

  it('refuses an address already tracked on that chain, in any spelling', () => {
    addWallet(paths, { address: IO1 }, NOW);
    const error = expectError(() => addWallet(paths, { address: IO1_HEX, chain: 'iotex' }), 'WALLET_EXISTS', 2);
    assert.match(error.message, /already tracked on iotex/);
    addWallet(paths, { address: STORJ, chain: 'ethereum' }, NOW);
    expectError(() => addWallet(paths, { address: STORJ.toLowerCase(), chain: 'ethereum' }), 'WALLET_EXISTS', 2);
    // The same 20 bytes on another EVM chain are another account to track.
    addWallet(paths, { address: STORJ, chain: 'peaq' }, NOW);
    assert.equal(listWallets(paths).length, 3);
  });

  it('refuses a label already in use, ignoring case', () => {
    addWallet(paths, { address: NOS_WALLET, label: 'Main' }, NOW);
    const error = expectError(() => addWallet(paths, { address: STORJ, chain: 'ethereum', label: 'main' }), 'LABEL_TAKEN', 2);
    assert.match(error.message, /already used by nosX/);
    assert.equal(listWallets(paths).length, 1);
  });

  it('refuses labels that are empty, too long or read as an address', () => {
    expectError(() => addWallet(paths, { address: NOS_WALLET, label: '  ' }), 'INVALID_LABEL', 2);
    expectError(() => addWallet(paths, { address: NOS_WALLET, label: 'x'.repeat(65) }), 'INVALID_LABEL', 2);
    expectError(() => addWallet(paths, { address: NOS_WALLET, label: STORJ }), 'INVALID_LABEL', 2);
    expectError(() => addWallet(paths, { address: NOS_WALLET, label: 'f01248' }), 'INVALID_LABEL', 2);
    expectError(() => addWallet(paths, { address: NOS_WALLET, network: 'Not A Network' }), 'INVALID_NETWORK', 2);
    assert.equal(existsSync(paths.walletsFile), false);
  });

  it('refuses labels with direction overrides, invisible or control characters, naming the code point', () => {
    const spoofs: [string, string][] = [
      ['right-to-left override', 'rig\u202Etxt.exe'],
      ['left-to-right override', '\u202Dmain'],
      ['right-to-left isolate', 'a\u2067b\u2069'],
      ['right-to-left mark', 'rig\u200F1'],
      ['arabic letter mark', 'rig\u061C'],
      ['zero-width space', 'ma\u200Bin'],
      ['zero-width joiner', 'ma\u200Din'],
      ['word joiner', 'ma\u2060in'],
      ['byte-order mark', 'ma\uFEFFin'],
      ['soft hyphen', 'ma\u00ADin'],
      ['tag character', 'main\u{E0041}'],
      ['hangul filler', 'main\u3164'],
      ['variation selector', 'main\uFE0F'],
      ['no-break space', 'gpu\u00A0rig'],
      ['ideographic space', 'gpu\u3000rig'],
      ['line separator', 'gpu\u2028rig'],
      ['escape', 'gpu\u001B[31mrig'],
      ['delete', 'gpu\u007Frig'],
      ['C1 control', 'gpu\u009Brig'],
      ['private use', 'gpu\uE000rig'],
      ['unassigned', 'gpu\u0378rig'],
    ];
    for (const [what, label] of spoofs) {
      const error = expectError(() => addWallet(paths, { address: NOS_WALLET, label }), 'INVALID_LABEL', 2);
      const code = label.match(/[^ -~]/u)![0].codePointAt(0)!;
      assert.ok(error.message.includes(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`), `${what}: ${error.message}`);
    }
    assert.equal(existsSync(paths.walletsFile), false);
    // Letters of any script, accents, emoji and plain spaces are labels like any other.
    for (const label of ['Büro-Rig 2', 'مزرعة', '矿机 1', 'rig 🚀', 'e\u0301t\u00E9']) {
      // A first byte of 0x80 or more makes 44 base58 characters: never a 43-character Arweave look-alike.
      const key = randomBytes(32);
      key[0] |= 0x80;
      addWallet(paths, { address: base58.encode(key), label }, NOW);
    }
    assert.equal(listWallets(paths).length, 5);
  });

  it('removes by label, by address in another spelling, and per chain', () => {
    addWallet(paths, { address: NOS_WALLET, label: 'rig' }, NOW);
    addWallet(paths, { address: IO1 }, NOW);
    addWallet(paths, { address: STORJ, chain: 'ethereum' }, NOW);
    addWallet(paths, { address: STORJ, chain: 'peaq' }, NOW);

    assert.deepEqual(
      removeWallet(paths, 'RIG').map((w) => w.address),
      [NOS_WALLET],
    );
    assert.deepEqual(
      removeWallet(paths, IO1_HEX.toUpperCase().replace('0X', '0x')).map((w) => w.chain),
      ['iotex'],
    );
    assert.deepEqual(
      removeWallet(paths, STORJ.toLowerCase(), { chain: 'peaq' }).map((w) => w.chain),
      ['peaq'],
    );
    assert.deepEqual(
      listWallets(paths).map((w) => w.chain),
      ['ethereum'],
    );
    addWallet(paths, { address: STORJ, chain: 'peaq' }, NOW);
    assert.deepEqual(
      removeWallet(paths, STORJ, { all: true }).map((w) => w.chain),
      ['ethereum', 'peaq'],
    );
    assert.deepEqual(listWallets(paths), []);
  });

  it('removes an address tracked on several chains only from the one named, or from all when asked', () => {
    addWallet(paths, { address: STORJ, chain: 'ethereum' }, NOW);
    addWallet(paths, { address: STORJ, chain: 'iotex' }, NOW);
    addWallet(paths, { address: STORJ, chain: 'peaq' }, NOW);
    const before = readFileSync(paths.walletsFile, 'utf8');
    const storjIo = listWallets(paths)[1].address;
    assert.match(storjIo, /^io1/);

    const error = expectError(() => removeWallet(paths, STORJ.toLowerCase()), 'WALLET_AMBIGUOUS', 2);
    assert.equal(error.message, `${STORJ.toLowerCase()} is tracked on 3 chains: ethereum ${STORJ}, iotex ${storjIo}, peaq ${STORJ}`);
    assert.match(error.suggestion ?? '', /--chain ethereum\|iotex\|peaq .*--yes/);
    assert.equal(readFileSync(paths.walletsFile, 'utf8'), before);
    assert.deepEqual(
      walletsToRemove(paths, STORJ).map((w) => w.chain),
      ['ethereum', 'iotex', 'peaq'],
    );

    assert.deepEqual(
      removeWallet(paths, STORJ, { chain: 'iotex' }).map((w) => w.address),
      [storjIo],
    );
    assert.deepEqual(
      removeWallet(paths, STORJ, { all: true }).map((w) => w.chain),
      ['ethereum', 'peaq'],
    );
    assert.deepEqual(listWallets(paths), []);
  });

  it('says how to find the wallets when nothing matches', () => {
    addWallet(paths, { address: NOS_WALLET }, NOW);
    const before = readFileSync(paths.walletsFile, 'utf8');
    const error = expectError(() => removeWallet(paths, 'nobody'), 'WALLET_NOT_FOUND', 2);
    assert.equal(error.suggestion, 'depin wallet list');
    expectError(() => removeWallet(paths, NOS_WALLET, { chain: 'arweave' }), 'WALLET_NOT_FOUND', 2);
    assert.equal(readFileSync(paths.walletsFile, 'utf8'), before);
  });
});

describe('a damaged wallets file', () => {
  const cases: Array<[string, string]> = [
    ['not JSON', '{"version":1,"wallets":[{"address":'],
    ['no wallets list', '{"version":1}'],
    ['an entry with an unknown chain', '{"version":1,"wallets":[{"address":"x","chain":"dogecoin","addedAt":"2025-01-01"}]}'],
    ['an invalid address', '{"version":1,"wallets":[{"address":"iotEVVZLEyWo6EhDCJfzMYYcelFf8kUAkn52QOkC6zb","chain":"solana","addedAt":"2025-01-01"}]}'],
    ['a JSON array', '[]'],
  ];
  for (const [what, text] of cases) {
    it(`with ${what} is an error naming the file, and stays untouched`, () => {
      mkdirSync(dirname(paths.walletsFile), { recursive: true });
      writeFileSync(paths.walletsFile, text);
      const error = expectError(() => loadWalletBook(paths), 'WALLETS_CORRUPT', 1);
      assert.ok(error.message.includes(paths.walletsFile));
      expectError(() => addWallet(paths, { address: NOS_WALLET }), 'WALLETS_CORRUPT', 1);
      expectError(() => removeWallet(paths, NOS_WALLET), 'WALLETS_CORRUPT', 1);
      assert.equal(readFileSync(paths.walletsFile, 'utf8'), text);
    });
  }

  it('written by a newer depin is refused, not rewritten', () => {
    mkdirSync(dirname(paths.walletsFile), { recursive: true });
    const text = '{"version":2,"wallets":[]}';
    writeFileSync(paths.walletsFile, text);
    expectError(() => addWallet(paths, { address: NOS_WALLET }), 'WALLETS_VERSION', 1);
    assert.equal(readFileSync(paths.walletsFile, 'utf8'), text);
  });

  it('normalises an entry written in another valid spelling', () => {
    mkdirSync(dirname(paths.walletsFile), { recursive: true });
    writeFileSync(paths.walletsFile, JSON.stringify({ version: 1, wallets: [{ address: IO1_HEX, chain: 'iotex', addedAt: 'x' }] }));
    assert.equal(listWallets(paths)[0].address, IO1);
  });
});

describe('private keys pasted as an address', () => {
  const solanaSecret = randomBytes(64);
  const keys: Array<[string, string]> = [
    ['a 64-digit hex key', randomBytes(32).toString('hex')],
    ['a 0x hex key', `0x${randomBytes(32).toString('hex')}`],
    ['a lotus wallet export', Buffer.from('{"Type":"secp256k1","PrivateKey":"' + randomBytes(32).toString('base64') + '"}').toString('hex')],
    ['a base58 Solana keypair', base58.encode(solanaSecret)],
    ['a Solana id.json byte array', JSON.stringify([...solanaSecret])],
    ['an Arweave JWK', JSON.stringify({ kty: 'RSA', n: randomBytes(16).toString('base64url'), d: randomBytes(16).toString('base64url') })],
    ['a 12-word recovery phrase', 'legal winner thank year wave sausage worth useful legal winner thank yellow'],
  ];
  for (const [what, secret] of keys) {
    it(`refuses ${what} without repeating it`, () => {
      assert.ok(detectKeyMaterial(secret));
      for (const attempt of [
        () => addWallet(paths, { address: secret }),
        () => addWallet(paths, { address: secret, chain: 'ethereum' }),
        () => removeWallet(paths, secret),
      ]) {
        const error = expectError(attempt, 'PRIVATE_KEY_REFUSED', 2);
        assert.match(error.message, /depin only needs the public address and never asks for a private key/);
        const shown = `${error.message} ${error.suggestion ?? ''} ${String(error.cause ?? '')} ${error.stack ?? ''}`;
        for (let i = 0; i + 8 <= secret.length; i += 4) {
          const piece = secret.slice(i, i + 8);
          if (/^[a-z ]+$/.test(piece)) continue; // plain English words may occur in the message itself
          assert.ok(!shown.includes(piece), `the error repeats part of the secret: ${piece}`);
        }
      }
      assert.equal(existsSync(paths.walletsFile), false);
    });
  }

  it('does not take addresses for keys', () => {
    for (const address of [
      STORJ,
      NOS_WALLET,
      IO1,
      '11111111111111111111111111111111',
      'f3vgfyaqchm63qxsdbbimm5lcz3ekizhseznufjrkfmmgs5lrsyzq3bnwoinp3kn35dxihk4udkbga5byctbkq',
    ]) {
      assert.equal(detectKeyMaterial(address), undefined, address);
    }
  });
});
