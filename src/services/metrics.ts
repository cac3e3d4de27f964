import { Counter, Gauge, Registry } from 'prom-client';
import type { HealthState } from '../core/watchdog.js';
import { HistoryMetrics } from './history-metrics.js';
import { GpuMetrics } from './gpu-metrics.js';

const STATES: HealthState[] = ['running', 'stopped', 'degraded', 'not-installed', 'unreachable'];

/** The daemon's Prometheus series. One registry per daemon (tests run several in one process). */
export class DaemonMetrics {
  readonly registry = new Registry();
  readonly gpus = new GpuMetrics(this.registry);
  private readonly up = new Gauge({ name: 'depin_node_up', help: '1 when the node is running, else 0', labelNames: ['network'], registers: [this.registry] });
  private readonly state = new Gauge({
    name: 'depin_node_health_state',
    help: 'The node health state: 1 for the current state, 0 for the others',
    labelNames: ['network', 'state'],
    registers: [this.registry],
  });
  private readonly stoppedByUser = new Gauge({
    name: 'depin_node_stopped_by_user',
    help: '1 when the person stopped the node with depin stop (the watchdog leaves it alone)',
    labelNames: ['network'],
    registers: [this.registry],
  });
  private readonly lastSuccess = new Gauge({
    name: 'depin_node_last_success_timestamp_seconds',
    help: 'Unix time of the last health check that found the node running',
    labelNames: ['network'],
    registers: [this.registry],
  });
  private readonly checkSeconds = new Gauge({
    name: 'depin_health_check_duration_seconds',
    help: 'How long the last health check of the node took',
    labelNames: ['network'],
    registers: [this.registry],
  });
  private readonly readErrors = new Counter({
    name: 'depin_health_check_errors_total',
    help: 'Health checks that did not find the node running, by the state found',
    labelNames: ['network', 'kind'],
    registers: [this.registry],
  });
  private readonly restarts = new Counter({
    name: 'depin_node_restarts_total',
    help: 'Restarts made by the watchdog',
    labelNames: ['network'],
    registers: [this.registry],
  });
  private readonly actions = new Counter({
    name: 'depin_watchdog_actions_total',
    help: 'Watchdog actions: restart, restart-failed, give-up',
    labelNames: ['network', 'action'],
    registers: [this.registry],
  });
  private readonly alerts = new Counter({
    name: 'depin_alerts_total',
    help: 'Alert deliveries by channel and outcome (sent, failed, dropped)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  private readonly cycles = new Counter({ name: 'depin_daemon_cycles_total', help: 'Health cycles completed', registers: [this.registry] });
  private readonly lastCycle = new Gauge({
    name: 'depin_daemon_last_cycle_timestamp_seconds',
    help: 'Unix time the last health cycle ended',
    registers: [this.registry],
  });
  private known = new Set<string>();
  /** Balances, earnings and read errors from the history database, refreshed after each snapshot. */
  readonly history = new HistoryMetrics(this.registry);

  // prom-client's default process metrics name some gauges *_total, which promtool's lint rejects;
  // the daemon's own memory and CPU are what an operator watches, read at scrape time.
  private readonly rss = new Gauge({
    name: 'depin_daemon_resident_memory_bytes',
    help: 'Resident memory of the daemon process',
    registers: [this.registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  private readonly cpu = new Gauge({
    name: 'depin_daemon_cpu_seconds',
    help: 'CPU time (user and system) the daemon process has used',
    registers: [this.registry],
    collect() {
      const u = process.cpuUsage();
      this.set((u.user + u.system) / 1e6);
    },
  });

  observe(node: { network: string; state: HealthState; stoppedByUser: boolean; tookMs: number }, at: number): void {
    this.known.add(node.network);
    this.up.set({ network: node.network }, node.state === 'running' ? 1 : 0);
    for (const s of STATES) this.state.set({ network: node.network, state: s }, s === node.state ? 1 : 0);
    this.stoppedByUser.set({ network: node.network }, node.stoppedByUser ? 1 : 0);
    this.checkSeconds.set({ network: node.network }, node.tookMs / 1000);
    if (node.state === 'running') this.lastSuccess.set({ network: node.network }, Math.floor(at / 1000));
    else this.readErrors.inc({ network: node.network, kind: node.state });
  }

  /** Drops the series of networks no longer joined. */
  retain(networks: string[]): void {
    for (const gone of [...this.known].filter((n) => !networks.includes(n))) {
      for (const g of [this.up, this.stoppedByUser, this.lastSuccess, this.checkSeconds]) g.remove({ network: gone });
      for (const s of STATES) this.state.remove({ network: gone, state: s });
      this.known.delete(gone);
    }
  }

  action(network: string, action: 'restart' | 'restart-failed' | 'give-up'): void {
    this.actions.inc({ network, action });
    if (action === 'restart') this.restarts.inc({ network });
  }

  alert(channel: string, outcome: 'sent' | 'failed' | 'dropped'): void {
    this.alerts.inc({ channel, outcome });
  }

  cycleDone(at: number): void {
    this.cycles.inc();
    this.lastCycle.set(Math.floor(at / 1000));
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
