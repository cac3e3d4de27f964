import type { HostUser } from '../plugin-api/deploy.js';
import type { Resource } from '../plugin-api/resources.js';

/** What an adapter found for one resource. */
export type Observation =
  | { state: 'absent' }
  | { state: 'matches'; detail?: string }
  | { state: 'differs'; differences: string[] }
  /** Nothing a program can check or do (hardware, a step left to the person). */
  | { state: 'not-applicable'; detail?: string };

/** One exact thing `apply` would do, printed by `--dry-run` and on failure. */
export type DisplayItem =
  { kind: 'command'; argv: string[]; note?: string } | { kind: 'file'; path: string; contents: string; mode?: number } | { kind: 'note'; text: string };

/** What the engine hands adapters: the side effects they may use, scoped to one plugin. */
export interface DeployEnv {
  pluginId: string;
  user: HostUser;
  /** The plugin's own folder under depin's data folder. */
  nodeDir: string;
  /** The wallet book, where a join's payout wallet is tracked. */
  walletsFile: string;
  /** A secret's value for apply; never printed, recorded or put in argv. */
  secret(name: string): Promise<string | undefined>;
  signal: AbortSignal;
  progress(line: string): void;
}

/** A failed step: the step, the exact command and what it printed. Carries no secret. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly command?: string,
    readonly output?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** Observe, apply and undo one kind of resource. Adapters are the engine's only side effects. */
export interface ResourceAdapter<R extends Resource = Resource> {
  observe(resource: R, env: DeployEnv): Promise<Observation>;
  /** What `apply` would run for this observation (for `--dry-run`). */
  display(resource: R, observation: Observation, env: DeployEnv): DisplayItem[];
  /**
   * Gets what apply will need from outside (an image pull), before any step changes the machine, so
   * that an image that cannot be pulled fails the join with nothing left behind.
   */
  prepare?(resource: R, env: DeployEnv): Promise<void>;
  apply(resource: R, observation: Observation, env: DeployEnv): Promise<void>;
  /** Undo for `leave`: data folders stay unless `purge`. Returns what was done, for the summary. */
  remove(resource: R, env: DeployEnv, options: { purge: boolean }): Promise<string | undefined>;
  control?: NodeControl<R>;
}

export interface NodeControl<R extends Resource = Resource> {
  start(resource: R, env: DeployEnv): Promise<void>;
  stop(resource: R, env: DeployEnv): Promise<void>;
  restart(resource: R, env: DeployEnv): Promise<void>;
  logs?(resource: R, env: DeployEnv, options: { follow: boolean; lines: number; onLine(line: string): void }): Promise<void>;
}

export type AdapterTable = { [K in Resource['kind']]: ResourceAdapter<Extract<Resource, { kind: K }>> };
