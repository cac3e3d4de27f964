/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe): commands
 * go in on fd 3 and replies and events come out on fd 4, each message a JSON text ended by NUL. No
 * port is opened and no npm package is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { which } from '../../src/system/which.js';

export interface CdpEvent {
  method: string;
  params: any;
  sessionId?: string;
}

export interface Chromium {
  send(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<any>;
  /** Every event received so far, in order. */
  events: CdpEvent[];
  /** Resolves with the first event of this method (already received or yet to come). */
  waitFor(method: string, sessionId?: string, timeoutMs?: number): Promise<CdpEvent>;
  close(): Promise<void>;
}

/** The browser binary, or why the test must skip. */
export function findChromium(): { path: string } | { skip: string } {
  const path = ['/usr/bin/chromium', which('chromium'), which('chromium-browser')].find((p): p is string => Boolean(p && existsSync(p)));
  return path ? { path } : { skip: 'chromium is not installed (Debian: apt-get install chromium)' };
}

export async function launchChromium(path: string): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'depin-chromium-'));
  const child: ChildProcess = spawn(
    path,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile } },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void; method: string }>();
  const events: CdpEvent[] = [];
  const waiters: { method: string; sessionId?: string; resolve(e: CdpEvent): void }[] = [];
  let buffer = '';
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
        else call?.resolve(message.result);
      } else {
        const event: CdpEvent = { method: message.method, params: message.params, sessionId: message.sessionId };
        events.push(event);
        for (const w of waiters.filter((x) => x.method === event.method && (x.sessionId === undefined || x.sessionId === event.sessionId))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const call of pending.values()) call.reject(new Error(`chromium exited before answering ${call.method}: ${stderr.slice(-2000)}`));
    pending.clear();
  });

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  const waitFor = (method: string, sessionId?: string, timeoutMs = 30_000) => {
    const seen = events.find((e) => e.method === method && (sessionId === undefined || e.sessionId === sessionId));
    if (seen) return Promise.resolve(seen);
    return new Promise<CdpEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({
        method,
        sessionId,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  };

  const close = async () => {
    try {
      await Promise.race([send('Browser.close'), exited]);
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true });
  };
  return { send, events, waitFor, close };
}
