/**
 * A store of derived addresses: values of a pure function of their key (for Solana, the associated
 * token account of an owner, mint and token program), so an entry never goes stale. A reader asks for
 * all its keys in one `getMany` and writes what it had to derive in one `putMany`.
 */
export interface DerivationCache {
  /** The stored addresses of these keys; keys not stored are absent from the map. */
  getMany(keys: string[]): Map<string, string>;
  /** Stores [key, address] pairs; an entry already stored under a key is replaced. */
  putMany(entries: [string, string][]): void;
}

/** A DerivationCache held in memory, for one process. */
export function createMemoryDerivationCache(): DerivationCache {
  const entries = new Map<string, string>();
  return {
    getMany(keys) {
      const found = new Map<string, string>();
      for (const key of keys) {
        const address = entries.get(key);
        if (address !== undefined) found.set(key, address);
      }
      return found;
    },
    putMany(pairs) {
      for (const [key, address] of pairs) entries.set(key, address);
    },
  };
}
