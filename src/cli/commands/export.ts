import { Option } from 'commander';
import type { Command } from 'commander';
import type { ConfigOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { configFormatOption, nginxPrefixOption } from '../options.js';

interface ExportOptions extends ConfigOptions {
  readonly to: 'nginx' | 'envoy';
  readonly plus?: boolean;
  readonly snippet?: boolean;
  readonly output?: string;
}

/**
 * `uh export --to nginx|envoy <uh.yaml>`: a gateway config with the same groups, checks, TLS,
 * retries and routes; for nginx a complete nginx.conf, or with --snippet the http {} part for conf.d/.
 */
export function defineExport(program: Command): void {
  program
    .command('export')
    .description('write an nginx or Envoy config for the upstreams and routes of a uh YAML file')
    .argument('<config>', 'a uh YAML file (nginx and Envoy configs are read too)')
    .addOption(new Option('--to <gateway>', 'the gateway to write for').choices(['nginx', 'envoy']).makeOptionMandatory())
    .option('--plus', 'nginx: use NGINX Plus directives (health_check, match, resolve, sticky)')
    .option('--snippet', 'nginx: write only the http {} part (upstreams and servers) for conf.d/, not a complete nginx.conf')
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('-o, --output <file>', 'write the config to this file instead of stdout')
    .action(async (path: string, options: ExportOptions) => {
      const [{ loadConfig }, { toNginx, toNginxMain }, { toEnvoy }, { writeResult }] = await Promise.all([
        import('../../config/load.js'),
        import('../../export/to-nginx.js'),
        import('../../export/to-envoy.js'),
        import('../../convert/write-result.js'),
      ]);
      const config = loadConfig(path, {
        ...(options.configFormat ? { format: options.configFormat } : {}),
        ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
      });
      if (options.snippet && options.to !== 'nginx') throw new UsageError('--snippet applies to --to nginx only (Envoy has no include)');
      const nginx = { plus: options.plus === true };
      const text = options.to === 'envoy' ? toEnvoy(config) : options.snippet ? toNginx(config, nginx) : toNginxMain(config, nginx);
      writeResult(text, options.output);
    });
}
