import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DepinError } from '../domain/errors.js';
import { resourceSchema } from '../plugin-api/resources.js';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock } from './file-lock.js';

const networkSchema = z.object({
  joinedAt: z.string(),
  updatedAt: z.string(),
  /** False while a join is under way or after one stopped half way: a re-run finishes it. */
  complete: z.boolean(),
  /** Non-secret answers only; secret answers live in the secret store under `secrets`. */
  answers: z.record(z.string(), z.string()),
  secrets: z.array(z.string()),
  /** The plan as last applied: leave, start, stop and logs act on it. */
  resources: z.array(resourceSchema),
  /** Keys of resources this depin created or changed (leave removes only these and what they need). */
  applied: z.array(z.string()),
  /** Set by `depin stop`: the person stopped the node, so nothing restarts it behind their back. */
  stoppedByUser: z.boolean().default(false),
});

const recordSchema = z.object({ version: z.literal(1), networks: z.record(z.string(), networkSchema) });

export type JoinedNetwork = z.infer<typeof networkSchema>;
export type JoinedRecord = z.infer<typeof recordSchema>;

export function joinedRecordPath(dataDir: string): string {
  return join(dataDir, 'joined.json');
}

/** Reads the record of joined networks; a missing file means none. Never modifies the file. */
export function readJoined(dataDir: string): JoinedRecord {
  const path = joinedRecordPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, networks: {} };
    throw new DepinError('JOINED_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DepinError('JOINED_CORRUPT', `${path} is not valid JSON (${(error as Error).message})`, {
      suggestion: `Restore it from a backup or move it away; depin left it untouched. Without it depin forgets which networks it joined (the nodes keep running).`,
    });
  }
  const checked = recordSchema.safeParse(parsed);
  if (!checked.success) {
    const why = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DepinError('JOINED_CORRUPT', `${path} is not a record of joined networks (${why})`, {
      suggestion: 'Restore it from a backup or move it away; depin left it untouched.',
    });
  }
  return checked.data;
}

/**
 * Changes one network's entry under the record's lock (read, change, write atomically), so two
 * depin processes never lose each other's writes. `change` returns undefined to delete the entry.
 */
export function updateJoined(
  dataDir: string,
  id: string,
  change: (current: JoinedNetwork | undefined) => JoinedNetwork | undefined,
): JoinedNetwork | undefined {
  const path = joinedRecordPath(dataDir);
  return withFileLock(path, () => {
    const record = readJoined(dataDir);
    const next = change(record.networks[id]);
    if (next === undefined) delete record.networks[id];
    else record.networks[id] = { ...next, updatedAt: new Date().toISOString() };
    writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
    return record.networks[id];
  });
}
