import type { CommandModule } from './context.js';

/** A command as registered: flags and help are declared here so `--help` loads no command code. */
export interface CommandSpec {
  name: string;
  description: string;
  /** commander argument syntax, e.g. `<network>` or `[key] [value]`. */
  args?: string;
  options?: { flags: string; description: string; default?: string | boolean; repeatable?: boolean }[];
  /** Extra help text (examples, exit codes). */
  help?: string;
  load?: () => Promise<CommandModule>;
  subcommands?: CommandSpec[];
}

/** The environment variables depin reads, for the top-level `--help`. */
export const ENVIRONMENT_HELP = `Environment:
  DEPIN_HOME             keep all config, data and logs under one folder
  DEPIN_RPC_<CHAIN>      override rpc.<chain> (SOLANA, ETHEREUM, IOTEX, PEAQ, FILECOIN, AKASH, ARWEAVE)
  DEPIN_PRICES_URL       override prices.url
  DEPIN_COINGECKO_KEY    CoinGecko demo API key, sent with price requests
  DEPIN_LOTUS_TOKEN      bearer token sent to the Filecoin (Lotus) endpoint
  DEPIN_IP_ECHO_URL      public-IP service for \`detect --network\`
  DEPIN_PASSPHRASE       key for the encrypted secrets file when no OS keychain is reachable
  DEPIN_SECRETS_BACKEND  keychain or file: use only that secret store (default: keychain, else file)
  DEPIN_DEBUG            set to 1 to print stack traces with errors
  NO_COLOR               plain output`;

const json = { flags: '--json', description: 'print one JSON document on stdout' };

/** The one registration list. Command modules are imported only when their command runs. */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'detect',
    description: "read this machine's hardware and judge every network",
    options: [json, { flags: '--network', description: 'also check the public IP and port reachability (short timeout)' }],
    load: () => import('../commands/detect.js'),
  },
  {
    name: 'networks',
    description: 'list the networks (plugins) with category, token, chain, join kind and eligibility',
    options: [json, { flags: '--eligible', description: 'only the networks this machine qualifies for' }],
    load: () => import('../commands/networks.js'),
  },
  {
    name: 'wallet',
    description: 'manage the watch-only wallets whose earnings are tracked',
    subcommands: [
      {
        name: 'add',
        args: '<address>',
        description: 'track a wallet (public address only; depin never asks for a private key)',
        options: [
          { flags: '--chain <chain>', description: 'solana, ethereum, iotex, peaq, filecoin, akash or arweave (needed for 0x addresses)' },
          { flags: '--label <name>', description: 'a name to refer to the wallet by' },
          { flags: '--network <id>', description: 'the network this wallet earns on (e.g. storj)' },
          json,
        ],
        load: () => import('../commands/wallet-add.js'),
      },
      { name: 'list', description: 'list tracked wallets', options: [json], load: () => import('../commands/wallet-list.js') },
      {
        name: 'remove',
        args: '<address-or-label>',
        description: 'stop tracking a wallet',
        options: [
          { flags: '--chain <chain>', description: 'only on this chain, for an address tracked on several' },
          { flags: '--yes', description: 'on every chain the address is tracked on, without asking' },
          json,
        ],
        help: `
An 0x address can be tracked on several chains (ethereum, peaq, and iotex as io1…). Such an
address is removed from one chain with --chain, from all of them with --yes; otherwise depin
asks which on a terminal, and without one exits 2 naming both flags.`,
        load: () => import('../commands/wallet-remove.js'),
      },
    ],
  },
  {
    name: 'earnings',
    description: 'balances and earnings of every wallet on every chain, in tokens and USD',
    options: [
      json,
      { flags: '--csv', description: 'print a per-day ledger as CSV' },
      { flags: '--since <period>', description: '24h, 7d, 30d or a date YYYY-MM-DD', default: '30d' },
      { flags: '--network <id>', description: 'only this network' },
      { flags: '--offline', description: 'read only the local history; no network requests' },
      { flags: '--net', description: 'per network and day: earned, kWh, power cost and net (see power.* settings)' },
      { flags: '--chart', description: 'draw daily earnings per network in the terminal (on stderr with --json)' },
      { flags: '--export <format>', description: 'write an import file for another tool on stdout: rotki (generic events CSV)' },
    ],
    load: () => import('../commands/earnings.js'),
  },
  {
    name: 'report',
    description: 'write one self-contained HTML page: daily earnings, holdings and node uptime (opens offline)',
    options: [
      { flags: '--since <period>', description: '24h, 7d, 30d or a date YYYY-MM-DD', default: '30d' },
      { flags: '--out <file>', description: 'where to write the page', default: 'report.html' },
      { flags: '--network <id>', description: 'only this network' },
      json,
    ],
    help: 'Reads only the local history (no network requests). Exit codes: 0 written · 2 bad flag or --out folder missing · 4 nothing recorded yet',
    load: () => import('../commands/report.js'),
  },
  {
    name: 'join',
    args: '<network>',
    description: "check, plan and install this network's node (or register the device and list what is left)",
    options: [
      { flags: '--dry-run', description: 'print the preflight and the exact commands and files; change nothing' },
      { flags: '--yes', description: 'apply without asking and take the default answers' },
      { flags: '--set <key=value>', description: "answer a question (repeatable); see README for each network's keys", repeatable: true },
      { flags: '--force', description: 'join even when this machine does not qualify' },
      json,
    ],
    help: 'Exit codes: 0 joined or nothing to change · 1 a step failed (re-run to finish) · 2 bad --set or missing answer · 3 not eligible',
    load: () => import('../commands/join.js'),
  },
  {
    name: 'leave',
    args: '<network>',
    description: 'remove what join made; node data stays unless --purge',
    options: [
      { flags: '--purge', description: 'also delete the node data and forget its secrets (asks first)' },
      { flags: '--yes', description: 'do not ask before --purge' },
      json,
    ],
    load: () => import('../commands/leave.js'),
  },
  ...(
    [
      ['start', "start a joined network's node"],
      ['stop', "stop a joined network's node (the watchdog leaves it stopped)"],
      ['restart', "restart a joined network's node"],
    ] as const
  ).map(([name, description]) => ({
    name,
    args: '<network>',
    description,
    options: [json],
    load: async () => (await import('../commands/node-control.js'))[name],
  })),
  {
    name: 'logs',
    args: '<network>',
    description: "print a joined network's node logs",
    options: [
      { flags: '--follow', description: 'keep printing new lines until Ctrl-C' },
      { flags: '--lines <n>', description: 'how many recent lines', default: '100' },
    ],
    load: () => import('../commands/logs.js'),
  },
  {
    name: 'status',
    description: 'every joined network: state, health, uptime, version (exit 5 when a node needs attention)',
    options: [
      json,
      { flags: '--watch', description: 'check again every interval: redraws in place on a terminal, prints lines otherwise (Ctrl-C stops)' },
      { flags: '--interval <duration>', description: 'time between checks with --watch, like 10s or 1m', default: '10s' },
    ],
    load: () => import('../commands/status.js'),
  },
  {
    name: 'daemon',
    description: 'watch every joined node in the foreground: health events, restarts, alerts, /metrics (systemd runs it)',
    options: [
      { flags: '--listen <host:port>', description: 'address of /metrics, /status and /healthz (off loopback a token is required)', default: '127.0.0.1:9464' },
      { flags: '--no-metrics', description: 'serve no HTTP endpoints' },
      { flags: '--interval <duration>', description: 'time between health checks, like 30s or 2m', default: '30s' },
    ],
    help: 'Signals: SIGTERM or SIGINT stop it (exit 0) · SIGHUP reloads the config. One daemon per data folder.',
    load: () => import('../commands/daemon.js'),
  },
  {
    name: 'service',
    description: 'run `depin daemon` as a systemd service (a user unit; --system as root)',
    subcommands: [
      {
        name: 'install',
        description: 'write depin-daemon.service, enable and start it (restarts on failure, sandboxed)',
        options: [{ flags: '--system', description: 'a system unit in /etc/systemd/system (needs root)' }, json],
        help: 'A user unit runs from boot only with lingering on: loginctl enable-linger $USER. Settings for the service (DEPIN_PASSPHRASE) can go in daemon.env in the config folder.',
        load: async () => (await import('../commands/service.js')).install,
      },
      {
        name: 'uninstall',
        description: 'stop, disable and remove depin-daemon.service',
        options: [{ flags: '--system', description: 'the system unit (needs root)' }, json],
        load: async () => (await import('../commands/service.js')).uninstall,
      },
      {
        name: 'status',
        description: "the service's state (exit 0 running, 1 not running, 4 not installed)",
        options: [{ flags: '--system', description: 'the system unit (needs root)' }, json],
        load: async () => (await import('../commands/service.js')).status,
      },
    ],
  },
  {
    name: 'events',
    description: 'the operations event log: health changes, restarts, watchdog actions, alerts, earnings snapshots',
    options: [
      json,
      { flags: '--since <period>', description: '24h, 7d, 30d or a date YYYY-MM-DD', default: '24h' },
      { flags: '--network <id>', description: 'only this network' },
    ],
    load: () => import('../commands/events.js'),
  },
  {
    name: 'alerts',
    description: 'alert channels of the daemon (ntfy, webhook)',
    subcommands: [
      {
        name: 'test',
        description: 'send a test alert to every configured channel, with the same retries as the daemon',
        options: [json],
        help: 'Exit codes: 0 every channel delivered · 1 a channel failed · 4 no channel configured (alerts.ntfyUrl, alerts.webhookUrl)',
        load: () => import('../commands/alerts-test.js'),
      },
    ],
  },
  {
    name: 'secret',
    description: 'store the tokens of the alert channels and the daemon endpoints',
    subcommands: [
      {
        name: 'set',
        args: '<name>',
        description: 'store a token: alerts.ntfy-token, alerts.webhook-token or daemon.token',
        options: [{ flags: '--clear', description: 'remove the stored token instead' }, json],
        help: `
The value is read from stdin when it is not a terminal (printf %s "$TOKEN" | depin secret set
alerts.webhook-token), or asked for with a hidden prompt; never from the command line. It goes to
the OS keychain, or to the encrypted file keyed by DEPIN_PASSPHRASE.`,
        load: () => import('../commands/secret-set.js'),
      },
    ],
  },
  {
    name: 'config',
    description: 'read and change settings (endpoints, timeouts)',
    subcommands: [
      { name: 'get', args: '<key>', description: 'print the effective value of a key', options: [json], load: () => import('../commands/config-get.js') },
      { name: 'set', args: '<key> <value>', description: 'set a key in the config file', options: [json], load: () => import('../commands/config-set.js') },
      { name: 'unset', args: '<key>', description: 'remove a key from the config file', options: [json], load: () => import('../commands/config-unset.js') },
      { name: 'list', description: 'every key with its value and where it comes from', options: [json], load: () => import('../commands/config-list.js') },
    ],
  },
  {
    name: 'plugins',
    description: 'manage network plugins',
    subcommands: [
      { name: 'list', description: 'built-in and installed plugins with their status', options: [json], load: () => import('../commands/plugins-list.js') },
      {
        name: 'add',
        args: '<npm-package>',
        description: 'install a third-party plugin (depin-plugin-*) from npm or a local folder',
        options: [json],
        load: () => import('../commands/plugins-add.js'),
      },
      { name: 'remove', args: '<name>', description: 'uninstall a third-party plugin', options: [json], load: () => import('../commands/plugins-remove.js') },
    ],
  },
  {
    name: 'doctor',
    description: 'check Node, config, data folder, keychain, tools and plugins; each problem with its fix',
    options: [json],
    load: () => import('../commands/doctor.js'),
  },
];
