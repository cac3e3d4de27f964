// A child process for the history tests: writes snapshot batches into a history file and reports
// each commit on stdout as `committed <n>`. Arguments: <dbFile> <wallet> <batches (0: forever)> <batchSize>.
import { openHistory, type SnapshotRow } from '../../src/store/history-db.js';

const [dbFile, wallet, batchesArg, sizeArg] = process.argv.slice(2);
const batches = Number(batchesArg);
const size = Number(sizeArg);

const history = await openHistory(dbFile);
process.stdout.write('open\n');
for (let n = 1; batches === 0 || n <= batches; n++) {
  const rows: SnapshotRow[] = [];
  for (let i = 0; i < size; i++) {
    rows.push({
      takenAt: n,
      wallet: `${wallet}-${i}`,
      chain: 'ethereum',
      network: 'storj',
      symbol: 'STORJ',
      token: '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC',
      decimals: 8,
      raw: BigInt(n) * 10n ** 20n + BigInt(i),
      coingeckoId: 'storj',
    });
  }
  history.insertSnapshots(rows);
  process.stdout.write(`committed ${n}\n`);
}
history.close();
