import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRotkiRows, rotkiAsset, ROTKI_HEADER, toRotkiCsv } from '../../src/core/rotki-csv.js';
import type { SnapshotRow } from '../../src/domain/records.js';

const at = (d: number, h = 12) => Date.UTC(2025, 2, d, h, 30, 15, 123);
const series = (base: Omit<SnapshotRow, 'takenAt' | 'raw'>, points: [number, bigint][]): SnapshotRow[] =>
  points.map(([takenAt, raw]) => ({ ...base, takenAt, raw }));

const STORJ = {
  wallet: '0xabc',
  chain: 'ethereum',
  network: 'storj',
  symbol: 'STORJ',
  token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
  decimals: 8,
} as const;
const NOS = { wallet: 'So1', chain: 'solana', network: 'nosana', symbol: 'NOS', token: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', decimals: 6 } as const;
const IOTX = { wallet: '0xdef', chain: 'iotex', network: 'iotex', symbol: 'IOTX', token: 'native', decimals: 18 } as const;

/** rotki reads the file with Python's csv.DictReader: this is the same split for our plain cells. */
const parse = (text: string) =>
  text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));

describe('rotki generic events CSV', () => {
  const rows = buildRotkiRows(
    [
      ...series(STORJ, [
        [at(1), 0n],
        [at(2), 150_000_000n], // +1.5
        [at(3), 50_000_000n], // outgoing transfer: not an event
        [at(4), 50_000_001n], // +0.00000001
      ]),
      ...series(NOS, [
        [at(1), 1_000_000n],
        [at(3), 3_250_000n], // +2.25
      ]),
      ...series(IOTX, [
        [at(1), 0n],
        [at(2), 123_456_789_000_000_000_000_000n], // 123456.789 IOTX with 18 decimals
      ]),
    ],
    { since: at(1), now: at(10), stakingNetworks: new Set(['iotex']) },
  );

  test('header is exactly the importer columns, in order', () => {
    assert.deepEqual(ROTKI_HEADER, ['Type', 'Location', 'Currency', 'Amount', 'Fee', 'Fee Currency', 'Description', 'Timestamp']);
    assert.equal(toRotkiCsv([]), 'Type,Location,Currency,Amount,Fee,Fee Currency,Description,Timestamp\r\n');
  });

  test('one row per earning, oldest first, with the exact amount as a plain decimal', () => {
    assert.deepEqual(
      rows.map((r) => [r.currency, r.amount, r.timestamp]),
      [
        ['IOTX', '123456.789', at(2)],
        ['eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', '1.5', at(2)],
        ['solana/token:nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', '2.25', at(3)],
        ['eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', '0.00000001', at(4)],
      ],
    );
    for (const r of rows) assert.match(r.amount, /^\d+(\.\d+)?$/, 'no exponent, no sign');
  });

  test('types: Staking for validator networks, Income for the rest; locations rotki knows', () => {
    assert.deepEqual(
      rows.map((r) => [r.type, r.location]),
      [
        ['Staking', 'blockchain'],
        ['Income', 'ethereum'],
        ['Income', 'solana'],
        ['Income', 'ethereum'],
      ],
    );
  });

  test('timestamps are integer milliseconds (rotki keeps the column as TimestampMS)', () => {
    const cells = parse(toRotkiCsv(rows));
    assert.deepEqual(cells[0], [...ROTKI_HEADER]);
    for (const row of cells.slice(1)) {
      assert.equal(row.length, 8);
      assert.match(row[7], /^\d{13}$/);
      assert.equal(row[4], '', 'no fee');
      assert.equal(row[5], '', 'no fee currency');
    }
    assert.equal(cells[2][7], String(at(2)));
    assert.equal(new Date(Number(cells[2][7])).toISOString(), '2025-03-02T12:30:15.123Z');
  });

  test('asset identifiers: checksummed ERC-20 on its chain id, SPL mint, natives and cosmos denoms by symbol', () => {
    assert.equal(
      rotkiAsset({ chain: 'ethereum', token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac', symbol: 'STORJ' }),
      'eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC',
    );
    assert.equal(
      rotkiAsset({ chain: 'peaq', token: '0x6b175474e89094c44da98b954eedeac495271d0f', symbol: 'X' }),
      'eip155:3338/erc20:0x6B175474E89094C44Da98b954EedeAC495271d0F',
    );
    assert.equal(
      rotkiAsset({ chain: 'solana', token: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof', symbol: 'RENDER' }),
      'solana/token:rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
    );
    assert.equal(rotkiAsset({ chain: 'ethereum', token: 'native', symbol: 'ETH' }), 'ETH');
    assert.equal(rotkiAsset({ chain: 'filecoin', token: 'native', symbol: 'FIL' }), 'FIL');
    assert.equal(rotkiAsset({ chain: 'arweave', token: 'native', symbol: 'AR' }), 'AR');
    assert.equal(rotkiAsset({ chain: 'akash', token: 'uakt', symbol: 'AKT' }), 'AKT');
    assert.equal(rotkiAsset({ chain: 'akash', token: 'uact', symbol: 'ACT' }), 'ACT');
  });

  test('a description with a comma or quote stays one cell', () => {
    const csv = toRotkiCsv([{ type: 'Income', location: 'blockchain', currency: 'AR', amount: '1', description: 'a, "b"', timestamp: 1 }]);
    assert.ok(csv.includes(',"a, ""b""",1\r\n'), csv);
  });
});
