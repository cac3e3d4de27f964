import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLedger, LEDGER_HEADER, toCsv, type LedgerRow } from '../../src/core/ledger.js';
import { csvField, plainDecimal } from '../../src/core/ledger-csv.js';
import { dayPriceBook } from '../../src/core/day-prices.js';
import type { PricePoint, SnapshotRow } from '../../src/domain/records.js';

const day = (d: number, h = 12) => Date.UTC(2025, 2, d, h);
const STORJ = { wallet: '0xabc', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xB64e', decimals: 8, coingeckoId: 'storj' } as const;
const ROW = { network: 'storj', chain: 'ethereum', wallet: '0xabc', token: 'STORJ', currency: 'usd', coingeckoId: 'storj' } as const;
const rows = (points: [number, bigint][], base: Omit<SnapshotRow, 'takenAt' | 'raw'> = STORJ): SnapshotRow[] =>
  points.map(([takenAt, raw]) => ({ ...base, takenAt, raw }));

/** A strict RFC 4180 reader, to check that what toCsv writes reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(cell), out.push(row), (row = []), (cell = ''), i++);
    else if (c === '\n' || c === '\r' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('last line is not terminated by CRLF');
  return out;
}

describe('ledger rows', () => {
  test('one row per day with the sum of that day, priced at that day', () => {
    const snapshots = rows([
      [day(1), 0n],
      [day(2, 1), 1_50000000n],
      [day(2, 20), 2_00000000n],
      [day(3), 1_00000000n],
      [day(4), 1_25000000n],
    ]);
    const prices: PricePoint[] = [
      { id: 'storj', currency: 'usd', price: 0.5, fetchedAt: day(2, 2) },
      { id: 'storj', currency: 'usd', price: 0.6, fetchedAt: day(2, 21) },
      { id: 'storj', currency: 'usd', price: 0.8, fetchedAt: day(4, 13) },
    ];
    const ledger = buildLedger(snapshots, dayPriceBook([], prices), { since: day(1, 0), now: day(5), currency: 'usd' });
    assert.deepEqual(ledger, [
      { ...ROW, date: '2025-03-02', amount: '2', price: 0.6, value: 1.2 },
      { ...ROW, date: '2025-03-04', amount: '0.25', price: 0.8, value: 0.2 },
    ]);
  });

  test("a day with no price on or before it takes the next morning's, and otherwise has none", () => {
    const snapshots = rows([
      [day(1), 0n],
      [day(2, 23), 1_00000000n],
      [day(6), 2_00000000n],
    ]);
    const ledger = buildLedger(
      snapshots,
      dayPriceBook(
        [],
        [
          { id: 'storj', currency: 'usd', price: 0.4, fetchedAt: day(3, 0) + 60_000 },
          { id: 'other', currency: 'usd', price: 9, fetchedAt: day(6) },
        ],
      ),
      { since: 0, now: day(7), currency: 'usd' },
    );
    assert.equal(ledger[0].price, 0.4);
    assert.equal(ledger[1].date, '2025-03-06');
    assert.equal(ledger[1].price, 0.4, 'the last known price before that day');
    const unpriced = buildLedger(
      rows(
        [
          [day(1), 0n],
          [day(2), 5n],
        ],
        { ...STORJ, coingeckoId: undefined },
      ),
      dayPriceBook([]),
      { since: 0, now: day(7), currency: 'usd' },
    );
    assert.equal(unpriced[0].price, undefined);
    assert.equal(unpriced[0].value, undefined);
    assert.equal(unpriced[0].note, 'STORJ has no price source');
  });

  test('a stored daily price wins over spot prices, and a known gap is a note, never a zero', () => {
    const snapshots = rows([
      [day(1), 0n],
      [day(2), 1_00000000n],
      [day(3), 3_00000000n],
    ]);
    const book = dayPriceBook(
      [
        { id: 'storj', currency: 'eur', day: '2025-03-02', price: 0.45 },
        { id: 'storj', currency: 'eur', day: '2025-03-03', price: null },
      ],
      [{ id: 'storj', currency: 'eur', price: 0.9, fetchedAt: day(2, 13) }],
    );
    const ledger = buildLedger(snapshots, book, { since: day(1), now: day(4), currency: 'eur' });
    assert.deepEqual(
      ledger.map((r) => [r.date, r.currency, r.price, r.value, r.note]),
      [
        ['2025-03-02', 'eur', 0.45, 0.45, undefined],
        ['2025-03-03', 'eur', undefined, undefined, 'no price for 2025-03-03'],
      ],
    );
  });

  test('outgoing transfers make no row, and the period bounds are respected', () => {
    const snapshots = rows([
      [day(1), 10n],
      [day(2), 4n],
      [day(3), 4n],
      [day(4), 9n],
      [day(9), 20n],
    ]);
    const ledger = buildLedger(snapshots, dayPriceBook([]), { since: day(2), now: day(8), currency: 'usd' });
    assert.deepEqual(
      ledger.map((r) => [r.date, r.amount]),
      [['2025-03-04', '0.00000005']],
    );
  });

  test('18-decimal amounts are exact, and rows sort by date, network, chain, wallet, token', () => {
    const iotx = { wallet: 'io1x', chain: 'iotex', network: 'iotex', symbol: 'IOTX', token: 'native', decimals: 18 } as const;
    const ledger = buildLedger(
      [
        ...rows([
          [day(1), 0n],
          [day(3), 1n],
        ]),
        ...rows(
          [
            [day(1), 1n],
            [day(2), 1_000000000000000001n],
            [day(3), 3_000000000000000000n],
          ],
          iotx,
        ),
      ],
      dayPriceBook([]),
      { since: 0, now: day(9), currency: 'usd' },
    );
    assert.deepEqual(
      ledger.map((r) => [r.date, r.network, r.amount]),
      [
        ['2025-03-02', 'iotex', '1'],
        ['2025-03-03', 'iotex', '1.999999999999999999'],
        ['2025-03-03', 'storj', '0.00000001'],
      ],
    );
  });
});

describe('CSV', () => {
  test('header, CRLF, exact amounts, empty cells without price, no exponent notation', () => {
    const ledger: LedgerRow[] = [
      { date: '2025-03-02', network: 'storj', chain: 'ethereum', wallet: '0xabc', token: 'STORJ', amount: '2', currency: 'usd', price: 0.6, value: 1.2 },
      {
        date: '2025-03-03',
        network: 'iotex',
        chain: 'iotex',
        wallet: 'io1x',
        token: 'IOTX',
        amount: '0.000000000000000001',
        currency: 'usd',
        price: 0.0000001,
        value: 1e-25,
      },
      { date: '2025-03-04', network: 'roam', chain: 'solana', wallet: 'Roam', token: 'ROAM', amount: '5', currency: 'usd', note: 'no price for 2025-03-04' },
    ];
    const csv = toCsv(ledger);
    assert.ok(csv.startsWith('date,network,chain,wallet,token,amount,currency,price,value,note\r\n'));
    assert.deepEqual(parseCsv(csv), [
      [...LEDGER_HEADER],
      ['2025-03-02', 'storj', 'ethereum', '0xabc', 'STORJ', '2', 'usd', '0.6', '1.2', ''],
      ['2025-03-03', 'iotex', 'iotex', 'io1x', 'IOTX', '0.000000000000000001', 'usd', '0.0000001', '0', ''],
      ['2025-03-04', 'roam', 'solana', 'Roam', 'ROAM', '5', 'usd', '', '', 'no price for 2025-03-04'],
    ]);
    assert.ok(!/e[-+]\d/.test(csv));
  });

  test('fields with commas, quotes, line breaks or edge spaces are quoted per RFC 4180 and read back intact', () => {
    const odd = 'net, "beta"\nline';
    const csv = toCsv([{ date: '2025-03-02', network: odd, chain: 'solana', wallet: ' spaced ', token: 'X', amount: '1', currency: 'eur' }]);
    assert.ok(csv.includes('"net, ""beta""\nline"'));
    assert.deepEqual(parseCsv(csv)[1], ['2025-03-02', odd, 'solana', ' spaced ', 'X', '1', 'eur', '', '', '']);
    assert.equal(csvField('plain'), 'plain');
  });

  test('an empty ledger is the header line alone', () => {
    assert.equal(toCsv([]), 'date,network,chain,wallet,token,amount,currency,price,value,note\r\n');
  });

  test('plainDecimal trims zeros and never writes exponents', () => {
    assert.equal(plainDecimal(1.5, 6), '1.5');
    assert.equal(plainDecimal(2, 6), '2');
    assert.equal(plainDecimal(1e-7, 10), '0.0000001');
    assert.equal(plainDecimal(-0.0000001, 2), '0');
    assert.equal(plainDecimal(123456.789, 2), '123456.79');
  });
});
