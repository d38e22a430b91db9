import { unwatchFile, watchFile } from 'node:fs';
import { loadConfig } from '../config/load.js';
import type { ConfigFormat, GatewayConfig } from '../model/index.js';
import { Proxy } from './server.js';

export interface ServeCommandOptions {
  readonly listen?: string;
  readonly admin?: string;
  readonly watch?: boolean;
  /** Grace period for in-flight requests on SIGTERM/SIGINT, ms. */
  readonly graceMs: number;
  readonly configFormat?: ConfigFormat;
  readonly nginxPrefix?: string;
}

/** How often --watch looks at the config's mtime (polling survives editors that replace the file). */
const WATCH_POLL_MS = 500;

/**
 * Reload from `load()`; a config that does not load or does not start is rejected with one log
 * line and the running one keeps serving (nginx `-s reload` semantics). Resolves true on success.
 */
export async function reloadFrom(proxy: Proxy, load: () => GatewayConfig): Promise<boolean> {
  let config: GatewayConfig;
  try {
    config = load();
    await proxy.reload(config);
    return true;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    proxy.log.event({ event: 'reload-rejected', error, keeping: 'the running config' });
    proxy.emit('reload-rejected', { error });
    return false;
  }
}

/**
 * `uh serve <config>` end to end: load, start, then live until SIGTERM/SIGINT (stop accepting,
 * let in-flight requests finish within the grace period, exit 0). SIGHUP and --watch reload.
 * Config errors on the first load throw (the CLI exits 2); later ones only reject the reload.
 */
export async function runServe(path: string, options: ServeCommandOptions): Promise<number> {
  const load = (): GatewayConfig =>
    loadConfig(path, {
      ...(options.configFormat ? { format: options.configFormat } : {}),
      ...(options.nginxPrefix ? { nginxPrefix: options.nginxPrefix } : {}),
    });
  const proxy = await Proxy.start(load(), {
    ...(options.listen ? { listen: options.listen } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  });
  let reloading = Promise.resolve(true);
  const reload = (): void => {
    reloading = reloading.then(() => reloadFrom(proxy, load));
  };
  process.on('SIGHUP', reload);
  if (options.watch) {
    watchFile(path, { interval: WATCH_POLL_MS }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs) reload();
    });
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.off('SIGHUP', reload);
  if (options.watch) unwatchFile(path);
  proxy.log.event({ event: 'stopping', signal, inFlight: proxy.inFlight, graceMs: options.graceMs });
  await proxy.close(options.graceMs);
  return 0;
}
