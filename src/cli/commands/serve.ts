import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../../model/index.js';
import type { ConfigOptions } from '../options.js';
import { configFormatOption, nginxPrefixOption } from '../options.js';

interface ServeCliOptions extends ConfigOptions {
  readonly listen?: string;
  readonly admin?: string;
  readonly watch?: boolean;
  readonly grace: string;
}

/**
 * `uh serve <config>`: a health-gated reverse proxy whose 503 explains why (CONTRACT §4).
 * The proxy is imported only when the command runs.
 */
export function defineServe(program: Command): void {
  program
    .command('serve')
    .description('run a health-gated reverse proxy whose 503 explains which targets are out and why')
    .argument('<config>', 'a uh YAML file (nginx and Envoy configs are accepted: routes and upstreams)')
    .option('--listen <host:port>', 'where clients connect (overrides the config\'s listen)')
    .option('--admin <host:port>', 'admin listener for /status, /metrics, /healthz (overrides the config\'s admin)')
    .option('--watch', 'reload when the config file changes (as SIGHUP does)')
    .option('--grace <duration>', 'on SIGTERM/SIGINT, time given to in-flight requests', '10s')
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .action(async (config: string, options: ServeCliOptions) => {
      const graceMs = parseDuration(options.grace, 's');
      if (graceMs === undefined) throw new UsageError(`--grace takes a duration such as 10s or 500ms, got "${options.grace}"`);
      const { runServe } = await import('../../proxy/lifecycle.js');
      process.exitCode = await runServe(config, {
        graceMs,
        ...(options.listen ? { listen: options.listen } : {}),
        ...(options.admin ? { admin: options.admin } : {}),
        ...(options.watch ? { watch: true } : {}),
        ...(options.configFormat ? { configFormat: options.configFormat } : {}),
        ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
      });
    });
}
