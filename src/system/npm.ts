import { runTool } from './exec.js';

/** Outcome of an npm run; failures carry npm's own explanation. */
export type NpmResult = { ok: true } | { ok: false; reason: string; notFound?: boolean };

const NPM_TIMEOUT_MS = 5 * 60_000;

// Keep npm quiet about itself: no update check, no progress bar mixed into the output we parse.
const NPM_ENV: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false', npm_config_progress: 'false' };

/** The first few `npm error` lines, without the pointer to npm's debug log. */
function npmErrorSummary(stderr: string, exitCode: number): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^npm (error|ERR!)/.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, ''))
    .filter((line) => line.length > 0 && !/complete log of this run|\.npm\/_logs\//i.test(line));
  // "code E404" only names what the next line explains.
  const explained = lines.filter((line) => !/^code [A-Z0-9_]+$/.test(line));
  if (explained.length > 0) return explained.slice(0, 3).join(' / ');
  return lines.length > 0 ? lines.slice(0, 3).join(' / ') : `npm exited with code ${exitCode}`;
}

async function runNpm(args: string[]): Promise<NpmResult> {
  const result = await runTool('npm', args, { timeoutMs: NPM_TIMEOUT_MS, env: NPM_ENV });
  if (!result.ok) {
    return { ok: false, notFound: result.notFound, reason: result.notFound ? 'npm was not found on PATH (it comes with Node.js)' : result.reason };
  }
  if (result.exitCode !== 0) return { ok: false, reason: npmErrorSummary(result.stderr, result.exitCode) };
  return { ok: true };
}

/** `npm install --prefix <prefix> --no-audit --no-fund <spec>`: adds the package to the prefix's package.json. */
export function npmInstall(prefix: string, spec: string): Promise<NpmResult> {
  return runNpm(['install', '--prefix', prefix, '--no-audit', '--no-fund', spec]);
}

/** `npm uninstall --prefix <prefix> --no-audit --no-fund <name>`. */
export function npmUninstall(prefix: string, name: string): Promise<NpmResult> {
  return runNpm(['uninstall', '--prefix', prefix, '--no-audit', '--no-fund', name]);
}
