import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { blake2b } from '@noble/hashes/blake2.js';
import { base32nopad, base58 } from '@scure/base';
import type { ChainId } from '../../src/plugin-api/types.js';
import {
  AMBIGUOUS_0X,
  KEY_MATERIAL_REASON,
  evmToFilecoin,
  evmToIotex,
  f410ToEvm,
  inferChains,
  iotexToEvm,
  parseAddress,
  toChecksumAddress,
} from '../../src/wallet/address/index.js';

interface ValidCase {
  input: string;
  chain?: ChainId;
  expect: { chain: ChainId; display: string; readAddress: string; evmAddress?: string; kind?: 'miner' | 'account' };
  source: string;
  pairWith?: string;
}
interface InvalidCase {
  input: string;
  chain?: ChainId;
  reason: string;
  candidates?: ChainId[];
  note?: string;
}
interface Corpus {
  format: string;
  valid: ValidCase[];
  invalid: InvalidCase[];
}

const dir = new URL('../../../test/fixtures/addresses/', import.meta.url);
const corpora = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, corpus: JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Corpus }));

const label = (input: string, chain?: string) => `${JSON.stringify(input)}${chain ? ` --chain ${chain}` : ''}`;

describe('address corpus', () => {
  it('has every format, each with valid and invalid cases', () => {
    assert.deepEqual(corpora.map((c) => c.name).sort(), ['akash.json', 'arweave.json', 'evm.json', 'filecoin.json', 'iotex.json', 'solana.json']);
    for (const { name, corpus } of corpora) {
      assert.ok(corpus.valid.length >= 2, `${name} valid cases`);
      assert.ok(corpus.invalid.length >= 4, `${name} invalid cases`);
    }
  });

  for (const { name, corpus } of corpora) {
    describe(corpus.format, () => {
      for (const c of corpus.valid) {
        it(`accepts ${label(c.input, c.chain)} (${c.source})`, () => {
          const result = parseAddress(c.input, c.chain);
          assert.ok(result.ok, `${name}: ${result.ok ? '' : result.reason}`);
          const { input, ...rest } = result.address;
          assert.equal(input, c.input.trim());
          assert.deepEqual(rest, c.expect);
          // The stored form must parse back to itself on its chain: the book relies on it.
          const again = parseAddress(rest.display, rest.chain);
          assert.ok(again.ok && again.address.display === rest.display);
        });
      }
      for (const c of corpus.invalid) {
        it(`rejects ${label(c.input, c.chain)}${c.note ? ` (${c.note})` : ''}`, () => {
          const result = parseAddress(c.input, c.chain);
          assert.equal(result.ok, false);
          if (result.ok) return;
          assert.ok(result.reason.includes(c.reason), `reason was: ${result.reason}`);
          assert.deepEqual(result.candidates, c.candidates);
        });
      }
    });
  }
});

describe('conversions', () => {
  const pairs = corpora.flatMap(({ corpus }) => corpus.valid.filter((c) => c.pairWith));

  it('round-trips every documented io1 ↔ 0x and f410f ↔ 0x pair', () => {
    assert.ok(pairs.length >= 5);
    for (const c of pairs) {
      const evm = toChecksumAddress(c.pairWith as string);
      if (c.expect.chain === 'iotex') {
        assert.equal(iotexToEvm(c.input), evm);
        assert.equal(evmToIotex(c.pairWith as string), c.expect.display);
      } else {
        assert.equal(f410ToEvm(c.input), evm);
        assert.equal(evmToFilecoin(c.pairWith as string), c.expect.display);
      }
      const fromHex = parseAddress(c.pairWith as string, c.expect.chain);
      assert.ok(fromHex.ok);
      assert.equal(fromHex.address.display, c.expect.display);
    }
  });

  it('reproduces the EIP-55 forms published in networks.md from lowercase', () => {
    for (const published of [
      '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC',
      '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24',
      '0x60E1773636CF5E4A227d9AC24F20fEca034ee25A',
      '0x3fefe29dA25BEa166fB5f6ADe7b5976D2b0e586B',
      '0x11Fc070e5c0D32024c9B63c136913405e07C8c48',
    ]) {
      assert.equal(toChecksumAddress(published.toLowerCase()), published);
    }
  });

  it('answers undefined for text that is not the source format', () => {
    assert.equal(iotexToEvm('io1hp6y4eqr90j7tmul4w2wa8pm7wx462hq0mg4tv'), undefined);
    assert.equal(evmToIotex('0x1234'), undefined);
    assert.equal(f410ToEvm('f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za'), undefined);
    assert.equal(evmToFilecoin('0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8ac'), undefined);
  });
});

describe('chain inference', () => {
  it('names the chain of a distinctive format and the EVM chains for 0x', () => {
    assert.deepEqual(inferChains('io1hp6y4eqr90j7tmul4w2wa8pm7wx462hq0mg4tw'), ['iotex']);
    assert.deepEqual(inferChains('f01248'), ['filecoin']);
    assert.deepEqual(inferChains('akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63'), ['akash']);
    assert.deepEqual(inferChains('1seRanklLU_1VTGkEk7P0xAwMJfA7owA1JHW5KyZKlY'), ['arweave']);
    assert.deepEqual(inferChains('nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7'), ['solana']);
    assert.deepEqual(inferChains('0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24'), ['ethereum', 'iotex', 'peaq']);
    assert.deepEqual(inferChains('0x6De037ef9aD2725EB40118Bb1702EBb27e4AEb24'), []);
  });

  it('gives the exact 0x ambiguity message', () => {
    const result = parseAddress('0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24');
    assert.deepEqual(result, { ok: false, reason: AMBIGUOUS_0X, candidates: ['ethereum', 'iotex', 'peaq'] });
    assert.equal(AMBIGUOUS_0X, '0x… addresses exist on ethereum, iotex and peaq: pass --chain');
  });

  it('rejects an unknown chain name', () => {
    const result = parseAddress('f01248', 'dogecoin' as ChainId);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /unknown chain 'dogecoin'/);
  });

  it('answers a private key or recovery phrase with the key message, on any chain', () => {
    const key = 'e331b6d69882b4cb4ea581d88e0b604039a3de5967688d3dcffdd2270c0fd109';
    const phrase = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    for (const [input, chain] of [
      [key, undefined],
      [`0x${key}`, 'ethereum'],
      [phrase, 'solana'],
    ] as const) {
      const result = parseAddress(input, chain);
      assert.deepEqual(result, { ok: false, reason: KEY_MATERIAL_REASON });
    }
    assert.match(KEY_MATERIAL_REASON, /never asks for a private key/);
  });

  it('never repeats a rejected input in the reason', () => {
    const secretish = '5KJvsngHeMpm884wtkJNzQGaCErckhHJBGFsvd3VyK5qMZXj3hS';
    const result = parseAddress(secretish);
    assert.equal(result.ok, false);
    assert.ok(!(result.ok ? '' : result.reason).includes(secretish.slice(0, 12)));
  });
});

describe('43-character Solana addresses', () => {
  // base64url of 32 bytes carries 258 bits whose last 2 are zero, so it ends in one of these.
  const ARWEAVE_LAST = 'AEIMQUYcgkosw048';
  /** Deterministic 43-character Solana addresses (public keys from a counter), with or without an Arweave reading. */
  function solana43(count: number, arweaveToo: boolean): string[] {
    const out: string[] = [];
    for (let i = 0; out.length < count; i++) {
      const text = base58.encode(blake2b(Uint8Array.of(i & 0xff, i >> 8), { dkLen: 32 }));
      if (text.length === 43 && ARWEAVE_LAST.includes(text[42]) === arweaveToo) out.push(text);
    }
    return out;
  }

  it('is taken as Solana without asking when it cannot be the base64url of 32 bytes', () => {
    for (const text of solana43(40, false)) {
      assert.deepEqual(inferChains(text), ['solana'], text);
      const parsed = parseAddress(text);
      assert.ok(parsed.ok && parsed.address.chain === 'solana', text);
      assert.equal(parseAddress(text, 'arweave').ok, false, text);
    }
  });

  it('needs --chain only when both readings are really possible', () => {
    for (const text of solana43(40, true)) {
      assert.deepEqual(parseAddress(text), {
        ok: false,
        reason: 'this address is valid on both solana and arweave: pass --chain',
        candidates: ['solana', 'arweave'],
      });
      assert.ok(parseAddress(text, 'solana').ok && parseAddress(text, 'arweave').ok, text);
    }
  });
});

describe('Filecoin f4 sub-addresses', () => {
  /** f4<manager>f + base32(sub ‖ blake2b-4(0x04 ‖ uvarint(manager) ‖ sub)), as go-address writes it. */
  function f4(manager: number, sub: Uint8Array): string {
    const prefix = manager < 128 ? [manager] : [(manager & 0x7f) | 0x80, manager >> 7];
    const sum = blake2b(Uint8Array.from([4, ...prefix, ...sub]), { dkLen: 4 });
    return `f4${manager}f${base32nopad.encode(Uint8Array.from([...sub, ...sum])).toLowerCase()}`;
  }

  it('accepts every length go-address accepts, 0 to 54 bytes, on any manager', () => {
    for (const manager of [10, 32, 1000]) {
      for (const size of [0, 1, 20, 54]) {
        const text = f4(
          manager,
          Uint8Array.from({ length: size }, (_, i) => i + 1),
        );
        const parsed = parseAddress(text);
        assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.reason}`);
        assert.equal(parsed.address.display, text);
        assert.equal(parsed.address.evmAddress !== undefined, manager === 10 && size === 20, text);
      }
    }
  });

  it('refuses a sub-address longer than 54 bytes', () => {
    const parsed = parseAddress(f4(32, new Uint8Array(55)));
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /at most 54 bytes, this one carries 55/);
  });
});
