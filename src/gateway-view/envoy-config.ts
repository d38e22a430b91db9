/**
 * `uh diagnose --admin http://envoy:9901` with no config file: the config is the running Envoy's
 * own `/config_dump?include_eds`, read by the Envoy reader (static, dynamic active and warming
 * clusters, listeners and routes; EDS endpoints become targets marked `discovered: eds`).
 */
import { PARSERS } from '../config/index.js';
import { ConfigError, UsageError } from '../errors.js';
import type { GatewayConfig } from '../model/index.js';
import { httpGet } from './bounded-io.js';
import { adminBase } from './envoy-admin.js';
import type { GatewayReadContext } from './types.js';

export async function configFromEnvoyAdmin(endpoint: string, ctx: GatewayReadContext): Promise<GatewayConfig> {
  if (!/^https?:\/\//.test(endpoint)) throw new UsageError(`without a config file, --admin must be an Envoy admin URL (http://host:9901), got "${endpoint}"`);
  const url = `${adminBase(endpoint)}/config_dump?include_eds`;
  const got = await httpGet(url, ctx);
  if (!got.ok) throw new UsageError(`no config file given and the Envoy admin's config dump cannot be read: ${got.reason}`);
  if (got.status !== 200) throw new UsageError(`no config file given and GET ${url} answered ${got.status} (is this an Envoy admin? give the config file, or --admin-kind)`);
  if (got.truncated) throw new UsageError(`GET ${url} is larger than ${ctx.maxBytes} bytes: save it to a file and pass that as the config`);
  try {
    // A config dump names no file to read; anything it points at is on the gateway's host, not here.
    const readFile = (path: string): string => {
      throw new ConfigError('UH_CONFIG_UNREADABLE', `${path}: a file on the gateway's host, not read from a config dump`);
    };
    return PARSERS.envoy(got.text, url, { readFile, glob: () => [] });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`GET ${url} is not a config dump uh can read: ${err.message}`);
    throw err;
  }
}
