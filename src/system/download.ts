/**
 * Downloads a release file over HTTPS into place: streamed to a temp file beside the destination while
 * its sha256 is computed, checked, then renamed (or extracted with the system tar into a temp folder
 * that is renamed). Any failure leaves nothing behind: no temp file, no partial destination.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { isSha256 } from '../core/checksums.js';
import { requireSuccess, runCommand } from './runtime-exec.js';
import { failure, type RuntimeFailure, type RuntimeResult } from './runtime-types.js';

export interface DownloadProgress {
  received: number;
  /** From Content-Length; undefined when the server did not say. */
  total?: number;
}

export interface DownloadRequest {
  url: string;
  /** Expected sha256 (hex). Without it the file is still hashed and the sum returned for the caller to record and print. */
  sha256?: string;
  /** Absolute path: the file itself, or with extract 'tar.gz' the folder to create (it must not exist yet). */
  dest: string;
  extract?: 'tar.gz' | 'none';
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Refuse bodies larger than this many bytes. */
  maxBytes: number;
  /** Allow plain http to 127.0.0.0/8, ::1 and localhost (tests serve archives on loopback). */
  allowLoopbackHttp?: boolean;
  /** For the whole transfer; default 30 minutes. */
  timeoutMs?: number;
  /** Environment for tar (PATH). */
  env?: NodeJS.ProcessEnv;
  maxRedirects?: number;
}

export interface Downloaded {
  path: string;
  /** The sha256 of the bytes received (lower-case hex). */
  sha256: string;
  bytes: number;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why `url` may not be fetched, or undefined when it may. */
export function urlProblem(url: string, allowLoopbackHttp = false): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && allowLoopbackHttp && isLoopback(parsed.hostname)) return undefined;
  return `${parsed.protocol}//${parsed.host} is not https: downloads are only taken over HTTPS`;
}

class Refusal extends Error {
  constructor(readonly detail: RuntimeFailure) {
    super(detail.message);
  }
}

async function openFollowingRedirects(request: DownloadRequest, signal: AbortSignal): Promise<Response> {
  let url = request.url;
  for (let hop = 0; hop <= (request.maxRedirects ?? 5); hop++) {
    const problem = urlProblem(url, request.allowLoopbackHttp);
    if (problem) throw new Refusal({ kind: 'refused', message: hop === 0 ? problem : `redirected to ${url}: ${problem}` });
    const response = await fetch(url, { redirect: 'manual', signal });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      url = new URL(response.headers.get('location')!, url).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Refusal({ kind: 'failed', message: `${url} answered HTTP ${response.status}` });
    }
    return response;
  }
  throw new Refusal({ kind: 'failed', message: `more than ${request.maxRedirects ?? 5} redirects from ${request.url}` });
}

async function streamToFile(response: Response, path: string, request: DownloadRequest): Promise<{ sha256: string; bytes: number }> {
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (total !== undefined && total > request.maxBytes) {
    await response.body?.cancel();
    throw new Refusal({ kind: 'refused', message: `the file is ${total} bytes, above the ${request.maxBytes}-byte limit` });
  }
  const hash = createHash('sha256');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o644 });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  let received = 0;
  try {
    if (!response.body) throw new Refusal({ kind: 'failed', message: 'the server sent no body' });
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      if (received > request.maxBytes) throw new Refusal({ kind: 'refused', message: `the download passed the ${request.maxBytes}-byte limit` });
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      request.onProgress?.({ received, total });
    }
    if (total !== undefined && received !== total) throw new Refusal({ kind: 'failed', message: `the connection ended after ${received} of ${total} bytes` });
  } finally {
    out.end();
    await closed.catch(() => undefined);
  }
  return { sha256: hash.digest('hex'), bytes: received };
}

/** Downloads, verifies and puts the file (or the extracted folder) at `dest`. Never throws. */
export async function download(request: DownloadRequest): Promise<RuntimeResult<Downloaded>> {
  const problem = urlProblem(request.url, request.allowLoopbackHttp);
  if (problem) return failure('refused', problem);
  if (!isAbsolute(request.dest)) return failure('refused', `destination "${request.dest}" must be an absolute path`);
  if (request.sha256 !== undefined && !isSha256(request.sha256)) return failure('refused', `"${request.sha256}" is not a sha256 (64 hex digits)`);
  if (!(Number.isFinite(request.maxBytes) && request.maxBytes > 0)) return failure('refused', 'maxBytes must be a positive number');
  const extract = request.extract ?? 'none';
  if (extract === 'tar.gz' && existsSync(request.dest)) return failure('refused', `${request.dest} already exists; extract into a new folder`);

  const folder = dirname(request.dest);
  const tmp = join(folder, `.${basename(request.dest)}.${process.pid}.${Date.now()}.part`);
  let extractDir: string | undefined;
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 30 * 60_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const cleanup = () => {
    rmSync(tmp, { force: true });
    if (extractDir) rmSync(extractDir, { recursive: true, force: true });
  };
  try {
    mkdirSync(folder, { recursive: true });
    const response = await openFollowingRedirects(request, signal);
    const got = await streamToFile(response, tmp, request);
    if (request.sha256 !== undefined && got.sha256 !== request.sha256.toLowerCase()) {
      throw new Refusal({
        kind: 'refused',
        message: `sha256 mismatch for ${request.url}: expected ${request.sha256.toLowerCase()}, got ${got.sha256}; the file was discarded`,
      });
    }
    if (extract === 'tar.gz') {
      extractDir = mkdtempSync(join(folder, `.${basename(request.dest)}.extract-`));
      const argv = ['-xzf', tmp, '-C', extractDir, '--no-same-owner'];
      const tar = requireSuccess(
        await runCommand('tar', argv, { env: request.env, signal: request.signal, timeoutMs: 10 * 60_000 }),
        ['tar', ...argv],
        'extracting the archive',
      );
      if (!tar.ok) throw new Refusal(tar.error);
      renameSync(extractDir, request.dest);
      extractDir = undefined;
      rmSync(tmp, { force: true });
    } else {
      renameSync(tmp, request.dest);
    }
    return { ok: true, value: { path: request.dest, sha256: got.sha256, bytes: got.bytes } };
  } catch (error) {
    cleanup();
    if (error instanceof Refusal) return { ok: false, error: error.detail };
    if (request.signal?.aborted) return failure('cancelled', `download of ${request.url} was cancelled`);
    if (timeout.aborted) return failure('timeout', `download of ${request.url} did not finish in time`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return failure('failed', `download of ${request.url} failed: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`);
  }
}
