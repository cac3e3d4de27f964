import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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
