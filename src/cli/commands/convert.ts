import type { Command } from 'commander';
import type { ConfigOptions } from '../options.js';
import { configFormatOption, nginxPrefixOption } from '../options.js';

interface ConvertOptions extends ConfigOptions {
  readonly output?: string;
}

/** `uh convert <config>`: an nginx or Envoy config (or uh YAML) as uh YAML for the same upstreams and routes. */
export function defineConvert(program: Command): void {
  program
    .command('convert')
    .description('print uh YAML for the upstreams and routes of an nginx or Envoy config')
    .argument('<config>', 'nginx.conf, envoy.yaml, or a uh YAML file')
    .addOption(configFormatOption())
    .addOption(nginxPrefixOption())
    .option('-o, --output <file>', 'write the YAML to this file instead of stdout')
    .action(async (path: string, options: ConvertOptions) => {
      const [{ loadConfig }, { toUhYaml }, { writeResult }] = await Promise.all([
        import('../../config/load.js'),
        import('../../convert/to-uh-yaml.js'),
        import('../../convert/write-result.js'),
      ]);
      const config = loadConfig(path, {
        ...(options.configFormat ? { format: options.configFormat } : {}),
        ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
      });
      writeResult(toUhYaml(config), options.output);
    });
}
