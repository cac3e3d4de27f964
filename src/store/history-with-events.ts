import { createHistory, type HistoryDb } from './history-db.js';
import { eventLogOn, type EventLog } from './events-db.js';
import { powerSamplesOn, type PowerSamplesDb } from './power-samples-db.js';
import { damagedHistoryError, isDamagedError, openDatabase, type OpenOptions } from './history-open.js';

/**
 * The history, the event log and the GPU power samples on one connection: a reader of all (the report) opens the file,
 * and runs its quick check, once. Closing either closes the connection.
 */
export async function openHistoryWithEvents(
  dbFile: string,
  options: OpenOptions = {},
): Promise<{ history: HistoryDb; events: EventLog; power: PowerSamplesDb; close(): void }> {
  const db = await openDatabase(dbFile, options);
  try {
    return { history: createHistory(db, dbFile), events: eventLogOn(db, dbFile), power: powerSamplesOn(db, dbFile), close: () => db.open && db.close() };
  } catch (error) {
    db.close();
    if (isDamagedError(error)) throw damagedHistoryError(dbFile, (error as Error).message, error);
    throw error;
  }
}
