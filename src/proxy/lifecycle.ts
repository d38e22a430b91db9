import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
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
export const WATCH_POLL_MS = 500;

/**
 * The file's mtime, or undefined when it cannot be stat'ed: then any later state counts as a change,
 * and the load that follows reports the real problem (missing, unreadable) as a config error.
 */
export function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Poll `path` every `intervalMs` and call `onChange` whenever its mtime differs from the last one
 * seen, starting from `since`: the mtime read before the config was loaded. fs.watchFile would take
 * its own baseline later, asynchronously, so an edit made while the proxy was starting went unseen
 * until the next one. Returns the function that stops the polling.
 */
export function watchConfig(path: string, since: number | undefined, intervalMs: number, onChange: () => void): () => void {
  let seen = since;
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling) return; // a slow stat (network file system) is not stacked up
    polling = true;
    const now = await stat(path).then((s) => s.mtimeMs, () => undefined);
    polling = false;
    if (now === seen) return;
    seen = now;
    onChange();
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

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
  const since = options.watch ? mtimeOf(path) : undefined;
  const proxy = await Proxy.start(load(), {
    ...(options.listen ? { listen: options.listen } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  });
  let reloading = Promise.resolve(true);
  const reload = (): void => {
    reloading = reloading.then(() => reloadFrom(proxy, load));
  };
  process.on('SIGHUP', reload);
  const unwatch = options.watch ? watchConfig(path, since, WATCH_POLL_MS, reload) : undefined;
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.off('SIGHUP', reload);
  unwatch?.();
  proxy.log.event({ event: 'stopping', signal, inFlight: proxy.inFlight, graceMs: options.graceMs });
  await proxy.close(options.graceMs);
  return 0;
}
