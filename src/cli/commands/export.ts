import { Option } from 'commander';
import type { Command } from 'commander';
import type { ConfigOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { configFormatOption, nginxPrefixOption } from '../options.js';

interface ExportOptions extends ConfigOptions {
  readonly to: 'nginx' | 'envoy' | 'haproxy';
  readonly plus?: boolean;
  readonly snippet?: boolean;
  readonly output?: string;
}

/**
 * `uh export --to nginx|envoy|haproxy <uh.yaml>`: a gateway config with the same groups, checks, TLS,
 * retries and routes; for nginx a complete nginx.conf, or with --snippet the http {} part for conf.d/.
 */
export function defineExport(program: Command): void {
  program
    .command('export')
    .description('write an nginx, Envoy or HAProxy config for the upstreams and routes of a uh YAML file')
    .argument('<config>', 'a uh YAML file (nginx, Envoy and HAProxy configs are read too)')
    .addOption(new Option('--to <gateway>', 'the gateway to write for').choices(['nginx', 'envoy', 'haproxy']).makeOptionMandatory())
    .option('--plus', 'nginx: use NGINX Plus directives (health_check, match, resolve, sticky)')
    .option('--snippet', 'nginx: write only the http {} part (upstreams and servers) for conf.d/, not a complete nginx.conf')
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('-o, --output <file>', 'write the config to this file instead of stdout')
    .action(async (path: string, options: ExportOptions) => {
      const [{ loadConfig }, { writeResult }] = await Promise.all([import('../../config/load.js'), import('../../convert/write-result.js')]);
      const config = loadConfig(path, {
        ...(options.configFormat ? { format: options.configFormat } : {}),
        ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
      });
      if (options.snippet && options.to !== 'nginx') throw new UsageError(`--snippet applies to --to nginx only (${options.to === 'envoy' ? 'Envoy' : 'HAProxy'} has no include of an http {} part)`);
      const nginx = { plus: options.plus === true };
      const text = options.to === 'nginx'
        ? await import('../../export/to-nginx.js').then((m) => (options.snippet ? m.toNginx(config, nginx) : m.toNginxMain(config, nginx)))
        : options.to === 'envoy' ? (await import('../../export/to-envoy.js')).toEnvoy(config)
          : (await import('../../export/to-haproxy.js')).toHaproxy(config);
      writeResult(text, options.output);
    });
}
