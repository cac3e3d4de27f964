// Helpers for the history tests that damage or lock down a real history file.
import { chownSync, lstatSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openHistory, type SnapshotRow } from '../../src/store/history-db.js';

export const snapshot = (i: number): SnapshotRow => ({
  takenAt: 1_700_000_000_000 + i * 3_600_000,
  wallet: `0x${(i % 40).toString(16).padStart(40, '0')}`,
  chain: 'ethereum',
  network: 'storj',
  symbol: 'STORJ',
  token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
  decimals: 8,
  raw: BigInt(i) * 1_000_000n,
  coingeckoId: 'storj',
});

/** A history with `rows` snapshots, checkpointed so that every page lives in the main file. */
export async function makeHistory(file: string, rows = 3000): Promise<void> {
  const history = await openHistory(file);
  history.insertSnapshots(Array.from({ length: rows }, (_, i) => snapshot(i)));
  history.close();
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Overwrites one page in the middle of the file with noise, as a failing disk or a stray write would. */
export function damageMiddlePage(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const pageSize = copy.readUInt16BE(16);
  const pages = copy.length / pageSize;
  const start = Math.floor(pages / 2) * pageSize;
  for (let i = 0; i < pageSize; i++) copy[start + i] = (i * 131 + 7) & 0xff;
  return copy;
}

/** A loopback HTTP server that answers 500 to everything and counts what it was asked. */
export async function countingServer(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(500).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, count: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Gives a whole tree to another user (tests that run as root act as an ordinary user there). */
export function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/**
 * Overwrites with noise the first table leaf page (b-tree page type 0x0d) that holds snapshot rows,
 * found by the token address every fixture snapshot carries: a page any full read of the snapshots
 * must load, wherever SQLite placed it.
 */
export function damageSnapshotPage(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const pageSize = copy.readUInt16BE(16);
  const marker = Buffer.from(snapshot(0).token, 'latin1');
  for (let start = pageSize; start < copy.length; start += pageSize) {
    const page = copy.subarray(start, start + pageSize);
    if (page[0] !== 0x0d || page.indexOf(marker) < 0) continue;
    for (let i = 0; i < pageSize; i++) page[i] = (i * 131 + 7) & 0xff;
    return copy;
  }
  throw new Error('no table leaf page with snapshot rows in this file');
}
