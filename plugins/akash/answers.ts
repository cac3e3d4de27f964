import { addressProblem } from '../../src/plugin-api/addresses.js';
import type { Question } from '../../src/plugin-api/index.js';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PEM_HEAD = '-----BEGIN TENDERMINT PRIVATE KEY-----';

/** The provider key as the chart takes it: base64 of `provider-services keys export` output, on one line. */
export function providerKeyProblem(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return 'expected key.pem encoded on one line: `openssl base64 -A < key.pem`';
  const pem = Buffer.from(text, 'base64').toString('utf8');
  return pem.startsWith(PEM_HEAD) ? undefined : `the decoded key does not start with ${PEM_HEAD}; export it with \`provider-services keys export <name>\``;
}

export const questions: Question[] = [
  { key: 'account', message: 'Provider account address (akash1…)', flag: '--set account=akash1…', validate: (v) => addressProblem('akash', v) },
  {
    key: 'domain',
    message: 'Domain the provider answers on (A record provider.<domain> and *.ingress.provider.<domain> point here)',
    flag: '--set domain=example.com',
    validate: (v) => (DOMAIN.test(v) ? undefined : `"${v}" is not a domain name such as example.com`),
  },
  {
    key: 'providerKey',
    message: 'Provider key: `openssl base64 -A < key.pem`',
    flag: '--set providerKey=<base64>',
    secret: true,
    validate: providerKeyProblem,
  },
  {
    key: 'keyPassword',
    message: 'Passphrase of the exported provider key',
    flag: '--set keyPassword=<passphrase>',
    secret: true,
    validate: (v) => (v.length > 0 ? undefined : 'the passphrase is empty'),
  },
  {
    key: 'email',
    message: 'Contact email published with the provider',
    flag: '--set email=ops@example.com',
    validate: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : `"${v}" is not an email address`),
  },
  { key: 'organization', message: 'Organization published with the provider', flag: '--set organization=<name>', default: '', validate: () => undefined },
  {
    key: 'region',
    message: 'Region attribute, e.g. us-west',
    flag: '--set region=us-west',
    default: '',
    validate: (v) => (v === '' || /^[a-z0-9-]{2,32}$/.test(v) ? undefined : `"${v}" is not a region such as us-west`),
  },
];
