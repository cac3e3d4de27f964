import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { PublicKey, type AccountInfo } from '@solana/web3.js';
import { ExtensionType, getExtensionTypes, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, unpackAccount, unpackMint } from '@solana/spl-token';
import type { LiteSVM } from 'litesvm';
import { formatUnits } from '../../src/core/amount.js';

type Address = Parameters<LiteSVM['getAccount']>[0];
type SvmAccount = ReturnType<LiteSVM['getProgramAccounts']>[number];

/** One HTTP request answered wrongly on purpose, taken from the queue in order. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  /** A 200 whose body is not JSON at all. */
  | { kind: 'malformed' }
  /** The real answer cut in half, sent as a complete 200 body. */
  | { kind: 'cut-json' }
  /** Headers promise the real answer, half of it is sent, then the socket closes. */
  | { kind: 'truncated' }
  /** The socket is destroyed before any answer. */
  | { kind: 'reset' }
  /** No answer at all; the connection stays open until the client gives up or the server closes. */
  | { kind: 'hang' };

/** A JSON-RPC error to answer one call with, in place of its result. */
export type CallFailure = (method: string, params: unknown[]) => { code: number; message: string } | undefined;

export interface LitesvmRpc {
  url: string;
  /** HTTP requests and JSON-RPC calls served since start (or the last `resetCounts`). */
  readonly counts: { httpRequests: number; calls: number; methods: Record<string, number> };
  resetCounts(): void;
  /** Queues faults for the next HTTP requests. */
  injectFaults(...faults: Fault[]): void;
  /** Answers chosen calls with an error; `undefined` clears it. */
  failCalls(rule: CallFailure | undefined): void;
  /** Answers any batch with one error object, as endpoints that refuse batches do. */
  rejectBatches(reject: boolean): void;
  close(): Promise<void>;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

// The adapter answers what litesvm can tell: rentEpoch is not kept by it; rent-exempt accounts on real
// validators report u64::MAX, which JSON carries as this number.
const RENT_EPOCH_EXEMPT = 18446744073709551615;
const TOKEN_PROGRAMS = new Map([
  [TOKEN_PROGRAM_ID.toBase58(), 'spl-token'],
  [TOKEN_2022_PROGRAM_ID.toBase58(), 'spl-token-2022'],
]);
const LITESVM_VERSION: string = createRequire(import.meta.url)('litesvm/package.json').version;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function key(value: unknown): Address {
  try {
    if (typeof value !== 'string') throw new Error();
    return new PublicKey(value).toBase58() as Address;
  } catch {
    throw new RpcError(-32602, `Invalid param: ${JSON.stringify(value)} is not a public key`);
  }
}

function webInfo(account: SvmAccount): AccountInfo<Buffer> {
  return {
    executable: account.executable,
    owner: new PublicKey(account.programAddress),
    lamports: Number(account.lamports),
    data: Buffer.from(account.data),
    rentEpoch: RENT_EPOCH_EXEMPT,
  };
}

/** The `jsonParsed` form of a token account or mint, decoded with @solana/spl-token; undefined for other accounts. */
function parsed(svm: LiteSVM, account: SvmAccount): unknown {
  const program = TOKEN_PROGRAMS.get(account.programAddress);
  if (!program) return undefined;
  const address = new PublicKey(account.address);
  const programId = new PublicKey(account.programAddress);
  const extensions = (tlv: Buffer) =>
    tlv.length > 0 ? { extensions: getExtensionTypes(tlv).map((t) => ({ extension: lowerFirst(ExtensionType[t] ?? 'unparseableExtension') })) } : {};
  try {
    const token = unpackAccount(address, webInfo(account), programId);
    const mint = unpackMint(token.mint, webInfo(mustExist(svm, token.mint.toBase58() as Address)), programId);
    const info = {
      isNative: token.isNative,
      mint: token.mint.toBase58(),
      owner: token.owner.toBase58(),
      state: token.isFrozen ? 'frozen' : token.isInitialized ? 'initialized' : 'uninitialized',
      tokenAmount: {
        amount: token.amount.toString(),
        decimals: mint.decimals,
        uiAmount: Number(formatUnits(token.amount, mint.decimals)),
        uiAmountString: formatUnits(token.amount, mint.decimals),
      },
      ...extensions(token.tlvData),
    };
    return { program, parsed: { info, type: 'account' }, space: Number(account.space) };
  } catch {
    try {
      const mint = unpackMint(address, webInfo(account), programId);
      const info = {
        decimals: mint.decimals,
        freezeAuthority: mint.freezeAuthority?.toBase58() ?? null,
        isInitialized: mint.isInitialized,
        mintAuthority: mint.mintAuthority?.toBase58() ?? null,
        supply: mint.supply.toString(),
        ...extensions(mint.tlvData),
      };
      return { program, parsed: { info, type: 'mint' }, space: Number(account.space) };
    } catch {
      return undefined;
    }
  }
}

function mustExist(svm: LiteSVM, address: Address): SvmAccount {
  const account = svm.getAccount(address);
  if (!account.exists) throw new RpcError(-32602, `Invalid param: could not find account ${address}`);
  return account;
}

function encode(svm: LiteSVM, account: SvmAccount, encoding: unknown): unknown {
  const base = {
    executable: account.executable,
    lamports: Number(account.lamports),
    owner: account.programAddress,
    rentEpoch: RENT_EPOCH_EXEMPT,
    space: Number(account.space),
  };
  if (encoding === 'jsonParsed') {
    const data = parsed(svm, account);
    if (data !== undefined) return { ...base, data };
  } else if (encoding !== 'base64') {
    throw new RpcError(-32602, `Invalid param: encoding ${JSON.stringify(encoding)} is not served here (base64, jsonParsed)`);
  }
  return { ...base, data: [Buffer.from(account.data).toString('base64'), 'base64'] };
}

const configOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

function tokenAccountsByOwner(svm: LiteSVM, programAccounts: (program: string) => SvmAccount[], params: unknown[]): unknown[] {
  const owner = key(params[0]);
  const filter = configOf(params[1]);
  const encoding = configOf(params[2]).encoding ?? 'base64';
  let program: string;
  let mint: string | undefined;
  if (typeof filter.mint === 'string') {
    mint = key(filter.mint);
    const account = svm.getAccount(mint as Address);
    if (!account.exists || !TOKEN_PROGRAMS.has(account.programAddress)) throw new RpcError(-32602, 'Invalid param: could not find mint');
    program = account.programAddress;
  } else if (typeof filter.programId === 'string' && TOKEN_PROGRAMS.has(filter.programId)) {
    program = filter.programId;
  } else {
    throw new RpcError(-32602, 'Invalid param: unrecognized Token program id');
  }
  const ownerBytes = new PublicKey(owner).toBytes();
  const mintBytes = mint === undefined ? undefined : new PublicKey(mint).toBytes();
  const sameBytes = (data: SvmAccount['data'], offset: number, bytes: Uint8Array) => Buffer.from(data.buffer, data.byteOffset + offset, 32).equals(bytes);
  return programAccounts(program)
    .filter((account) => {
      // Cheap byte checks first; spl-token's unpacking then rejects mints and anything malformed.
      if (account.data.length < 165 || !sameBytes(account.data, 32, ownerBytes) || (mintBytes && !sameBytes(account.data, 0, mintBytes))) return false;
      try {
        unpackAccount(new PublicKey(account.address), webInfo(account), new PublicKey(program));
        return true;
      } catch {
        return false;
      }
    })
    .map((account) => ({ pubkey: account.address, account: encode(svm, account, encoding) }));
}

/** What one HTTP request sees: the chain, its identity, and the token programs' accounts read once. */
interface RequestView {
  svm: LiteSVM;
  genesisHash: string;
  programAccounts(program: string): SvmAccount[];
}

function call({ svm, genesisHash, programAccounts }: RequestView, method: string, params: unknown[]): unknown {
  const context = { slot: Number(svm.getClock().slot) };
  const accountOrNull = (address: Address, encoding: unknown) => {
    const account = svm.getAccount(address);
    return account.exists ? encode(svm, account, encoding) : null;
  };
  switch (method) {
    case 'getAccountInfo':
      return { context, value: accountOrNull(key(params[0]), configOf(params[1]).encoding ?? 'base64') };
    case 'getMultipleAccounts': {
      if (!Array.isArray(params[0])) throw new RpcError(-32602, 'Invalid params: expected an array of keys');
      if (params[0].length > 100) throw new RpcError(-32602, 'Too many inputs provided; max 100');
      const encoding = configOf(params[1]).encoding ?? 'base64';
      return { context, value: params[0].map((address) => accountOrNull(key(address), encoding)) };
    }
    case 'getBalance':
      return { context, value: Number(svm.getBalance(key(params[0])) ?? 0n) };
    case 'getTokenAccountsByOwner':
      return { context, value: tokenAccountsByOwner(svm, programAccounts, params) };
    case 'getGenesisHash':
      return genesisHash;
    case 'getSlot':
      return context.slot;
    case 'getVersion':
      return { 'solana-core': `litesvm-${LITESVM_VERSION}` };
    case 'getHealth':
      return 'ok';
    default:
      throw new RpcError(-32601, 'Method not found');
  }
}

/**
 * A Solana JSON-RPC endpoint on 127.0.0.1 over an in-process LiteSVM: real accounts, written by the real
 * token programs, served in the shapes a validator uses (single calls and batches). Counts what it serves
 * and can misbehave on request, for fault tests.
 */
export async function startLitesvmRpc(svm: LiteSVM): Promise<LitesvmRpc> {
  // LiteSVM has no genesis block; its first blockhash stands in as this chain's identity.
  const genesisHash = svm.latestBlockhash();
  const counts = { httpRequests: 0, calls: 0, methods: {} as Record<string, number> };
  const faults: Fault[] = [];
  let failure: CallFailure | undefined;
  let refuseBatches = false;

  const answer = (body: string): unknown => {
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      return { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null };
    }
    // Calls of one request see one state, so the token programs' accounts are listed once per request.
    const listed = new Map<string, SvmAccount[]>();
    const view: RequestView = {
      svm,
      genesisHash,
      programAccounts(program) {
        let accounts = listed.get(program);
        if (!accounts) listed.set(program, (accounts = svm.getProgramAccounts(program as Address)));
        return accounts;
      },
    };
    const one = (item: unknown) => {
      const { id = null, method, params = [] } = configOf(item);
      if (typeof method !== 'string' || !Array.isArray(params)) return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id };
      counts.calls++;
      counts.methods[method] = (counts.methods[method] ?? 0) + 1;
      const injected = failure?.(method, params);
      if (injected) return { jsonrpc: '2.0', error: injected, id };
      try {
        return { jsonrpc: '2.0', result: call(view, method, params), id };
      } catch (error) {
        const code = error instanceof RpcError ? error.code : -32603;
        return { jsonrpc: '2.0', error: { code, message: error instanceof Error ? error.message : String(error) }, id };
      }
    };
    if (!Array.isArray(request)) return one(request);
    if (request.length === 0 || refuseBatches)
      return { jsonrpc: '2.0', error: { code: -32600, message: refuseBatches ? 'Batch requests are not allowed' : 'Invalid request' }, id: null };
    return request.map(one);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    counts.httpRequests++;
    const fault = faults.shift();
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
        res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: fault.status, message: 'injected' }, id: null }));
        return;
      }
      if (fault?.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>upstream hiccup</html>');
        return;
      }
      const text = JSON.stringify(answer(Buffer.concat(chunks).toString('utf8')));
      if (fault?.kind === 'cut-json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(text.slice(0, Math.floor(text.length / 2)));
      } else if (fault?.kind === 'truncated') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    counts,
    resetCounts() {
      counts.httpRequests = 0;
      counts.calls = 0;
      counts.methods = {};
    },
    injectFaults: (...more) => void faults.push(...more),
    failCalls: (rule) => void (failure = rule),
    rejectBatches: (reject) => void (refuseBatches = reject),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
