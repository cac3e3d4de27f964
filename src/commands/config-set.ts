import type { CommandContext } from '../cli/context.js';
import { DepinError, EXIT } from '../cli/errors.js';
import { readConfigFile, validateValue, writeConfigFile } from '../store/config-file.js';
import { requireKey } from './config-get.js';

export async function run(ctx: CommandContext, [key, value]: string[]): Promise<number> {
  await requireKey(ctx, key);
  // Read (and so validate) the current file first: a corrupt file is reported, never overwritten.
  const values = readConfigFile(ctx.paths.configFile);
  let parsed: string | number;
  try {
    parsed = validateValue(key, value, 'depin config set');
  } catch (error) {
    if (error instanceof DepinError) throw new DepinError(error.code, error.message, { kind: 'usage', suggestion: error.suggestion });
    throw error;
  }
  writeConfigFile(ctx.paths.configFile, { ...values, [key]: parsed });
  ctx.output.err(`${key} = ${parsed} (in ${ctx.paths.configFile})`);
  return 0;
}
