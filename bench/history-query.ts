// The baseline's query: the rows `depin earnings --offline --since <days>d` reads, straight from
// SQLite in a bare process (driver load, open, one prepared statement), printing nothing.
import Database from 'better-sqlite3';

const [file, sinceArg] = process.argv.slice(2);
const since = Number(sinceArg);
const db = new Database(file, { readonly: true });
const COLUMNS = 's.taken_at, s.wallet, s.chain, s.network, s.symbol, s.token, s.decimals, s.raw, s.coingecko_id';
const SERIES = 'network, wallet, chain, token';
const rows = db
  .prepare(
    `SELECT ${COLUMNS} FROM snapshots s WHERE s.taken_at > ?
     UNION ALL
     SELECT ${COLUMNS} FROM snapshots s
     JOIN (SELECT ${SERIES}, MAX(taken_at) AS t FROM snapshots WHERE taken_at <= ? GROUP BY ${SERIES}) b
       ON s.network = b.network AND s.wallet = b.wallet AND s.chain = b.chain AND s.token = b.token AND s.taken_at = b.t
     ORDER BY network, wallet, chain, token, taken_at`,
  )
  .all(since, since);
if (rows.length === 0) throw new Error('the query found no rows');
db.close();
