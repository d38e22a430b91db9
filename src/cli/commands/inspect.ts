import type { Command } from 'commander';
import type { ConfigOptions } from '../options.js';
import { configFormatOption, formatOption, nginxPrefixOption } from '../options.js';

interface InspectOptions extends ConfigOptions {
  readonly format: 'text' | 'json';
  readonly group?: string;
}

/**
 * `uh inspect <config>`: what uh read from a config, with file:line for every fact — the way to
 * check uh's understanding of nginx/Envoy/uh YAML before trusting `uh diagnose`. Probes nothing.
 */
export function defineInspect(program: Command): void {
  program
    .command('inspect')
    .description('show what uh read from a config: groups, targets, health checks, TLS, timeouts, routes (no probing)')
    .argument('<config>', 'nginx.conf, Envoy bootstrap (YAML/JSON) or uh YAML')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('--group <name>', 'only this upstream group (and the routes to it)')
    .action(async (configPath: string, options: InspectOptions, command: Command) => {
      const { loadConfig } = await import('../../config/load.js');
      const { inspectJson, inspectView } = await import('../../report/inspect-json.js');
      const config = inspectView(
        loadConfig(configPath, {
          ...(options.configFormat ? { format: options.configFormat } : {}),
          ...(options.nginxPrefix !== undefined ? { nginxPrefix: options.nginxPrefix } : {}),
        }),
        options.group,
      );
      if (options.format === 'json') {
        process.stdout.write(inspectJson(config));
        return;
      }
      const { inspectText } = await import('../../report/inspect-text.js');
      const wantsColor = command.optsWithGlobals<{ color?: boolean }>().color !== false;
      const color = wantsColor && process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(inspectText(config, { color }));
    });
}
