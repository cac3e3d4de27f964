import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Hex = `0x${string}`;

/** Where a state variable lives, from solc's storage layout. */
export interface StorageSlot {
  slot: bigint;
  /** Byte offset inside the slot (packed variables). */
  offset: number;
  type: string;
}

/** A contract compiled from test/helpers/contracts: its runtime code and storage layout. */
export interface CompiledContract {
  abi: unknown[];
  runtime: Hex;
  storage: Map<string, StorageSlot>;
}

export type ContractName = 'TestToken' | 'BatchReader' | 'AlwaysReverts';

// Tests run from dist/test/helpers/contracts; the Solidity sources stay in the source tree.
const SOURCES = new URL('../../../../test/helpers/contracts/', import.meta.url);

let cache: Map<string, CompiledContract> | undefined;

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<
    string,
    Record<
      string,
      {
        abi: unknown[];
        evm: { deployedBytecode: { object: string } };
        storageLayout: { storage: { label: string; slot: string; offset: number; type: string }[] };
      }
    >
  >;
}

function compileAll(): Map<string, CompiledContract> {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(SOURCES).filter((name) => name.endsWith('.sol'))) {
    sources[file] = { content: readFileSync(new URL(file, SOURCES), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      // The optimizer would cost seconds of solc-js time per process and buys nothing for tests.
      optimizer: { enabled: false },
      outputSelection: { '*': { '*': ['abi', 'evm.deployedBytecode.object', 'storageLayout'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = new Map<string, CompiledContract>();
  for (const contracts of Object.values(output.contracts)) {
    for (const [name, contract] of Object.entries(contracts)) {
      const storage = new Map<string, StorageSlot>(
        contract.storageLayout.storage.map((v) => [v.label, { slot: BigInt(v.slot), offset: v.offset, type: v.type }]),
      );
      compiled.set(name, { abi: contract.abi, runtime: `0x${contract.evm.deployedBytecode.object}`, storage });
    }
  }
  return compiled;
}

/** Compiles the test contracts once per process (solc-js takes a moment) and returns one of them. */
export function compiled(name: ContractName): CompiledContract {
  cache ??= compileAll();
  const contract = cache.get(name);
  if (!contract) throw new Error(`no contract ${name} in ${SOURCES.pathname}`);
  return contract;
}
