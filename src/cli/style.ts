/**
 * Colour decisions in one place. Colour is off for NO_COLOR, CI, TERM=dumb, --json and any stream
 * that is not a TTY, so piped output and logs stay plain.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env, json = false): boolean {
  if (json) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type StyleName = keyof typeof codes;

export type Painter = (name: StyleName, text: string) => string;

export function painter(enabled: boolean): Painter {
  return (name, text) => (enabled ? `\u001b[${codes[name]}m${text}\u001b[${name === 'bold' || name === 'dim' ? 22 : 39}m` : text);
}
