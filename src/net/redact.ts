/**
 * Endpoint URLs carry credentials in three places: user:password before the host, an API key as a
 * path segment (`https://x.quiknode.pro/<token>/`, `/v2/<key>`), and query parameters (`?api-key=`).
 * Anything shown to the user, logged or stored goes through here first.
 */

const MASK = '***';

/** Shorter strings are not scrubbed from free text: they would erase ordinary words, not secrets. */
const MIN_SECRET_LENGTH = 4;

/**
 * A path segment that looks like a key rather than a route: long and mixing digits in (hex keys,
 * UUIDs, base58), or very long whatever it holds. Routes like `bulk-rewards` or `v2` stay readable.
 */
export function isTokenLike(segment: string): boolean {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // Kept as written.
  }
  if (text.length >= 32) return true;
  return text.length >= 16 && /\d/.test(text) && /^[A-Za-z0-9._~+=:-]+$/.test(text);
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The URL with credentials, key-like path segments and every query value masked. */
export function redactUrl(url: string): string {
  const u = parse(url);
  if (!u) return url.replace(/\/\/[^/@\s]*@/, `//${MASK}@`);
  const auth = u.username || u.password ? `${MASK}@` : '';
  const path = u.pathname
    .split('/')
    .map((segment) => (isTokenLike(segment) ? MASK : segment))
    .join('/');
  const query = u.search ? `?${[...u.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&')}` : '';
  return `${u.protocol}//${auth}${u.host}${path}${query}${u.hash ? '#' + MASK : ''}`;
}

/** The secret parts of a URL, raw and percent-decoded, for scrubbing them out of any text. */
export function urlSecrets(url: string): string[] {
  const u = parse(url);
  if (!u) return [];
  const found = new Set<string>();
  const add = (value: string) => {
    for (const v of [value, safeDecode(value)]) if (v.length >= MIN_SECRET_LENGTH) found.add(v);
  };
  if (u.username) add(u.username);
  if (u.password) add(u.password);
  // What splitCredentials sends: a server that echoes the header must not reveal it either.
  if (u.username || u.password) found.add(basic(safeDecode(u.username), safeDecode(u.password)));
  for (const segment of u.pathname.split('/')) if (isTokenLike(segment)) add(segment);
  for (const [, value] of new URLSearchParams(u.search)) add(value);
  for (const value of u.search.slice(1).split('&')) add(value.slice(value.indexOf('=') + 1));
  if (u.hash) add(u.hash.slice(1));
  // Longest first, so a secret that contains another is masked whole.
  return [...found].sort((a, b) => b.length - a.length);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;

/**
 * `text` with every URL in it redacted and every secret of `urls` (the endpoints involved) masked
 * wherever it appears, e.g. echoed back by a server in an error body.
 */
export function redactText(text: string, urls: readonly (string | undefined)[] = []): string {
  let out = text.replace(URL_IN_TEXT, (match) => {
    // Trailing punctuation belongs to the sentence, not to the URL.
    const tail = /[).,;:!?\]]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - tail.length)) + tail;
  });
  const secrets = urls.flatMap((u) => (u ? urlSecrets(u) : []));
  for (const secret of new Set(secrets)) out = out.split(secret).join(MASK);
  return out;
}

/** `url` without its user:password part, and that part as an HTTP Basic `authorization` value. */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  const u = parse(url);
  if (!u || (!u.username && !u.password)) return { url };
  const user = safeDecode(u.username);
  const password = safeDecode(u.password);
  u.username = '';
  u.password = '';
  return { url: u.href, authorization: `Basic ${basic(user, password)}` };
}

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}
