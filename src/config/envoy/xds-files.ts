/**
 * File-based xDS: a config source with a `path` (or `path_config_source`) makes Envoy read and
 * watch that file. The file in hand is what Envoy uses now, so uh reads it too: CDS/LDS files from
 * a bootstrap, RDS files from a listener, and EDS files from an EDS cluster, whose members are
 * then probed like static ones. Relative paths are taken beside the config that names them.
 */
import path from 'node:path';
import { ConfigError } from '../../errors.js';
import type { Target } from '../../model/index.js';
import { readLoadAssignment } from './endpoints.js';
import { asList, field, info, optStr, warn } from './fields.js';
import type { ParseContext } from './fields.js';
import { loadYaml } from './yaml-source.js';
import type { YNode } from './yaml-source.js';

/** The path an xDS config source reads from, when it is file-based. */
export function configSourcePath(source: YNode | undefined, what: string): string | undefined {
  return optStr(source, 'path', `${what}.path`) ?? optStr(field(source, 'path_config_source'), 'path', `${what}.path_config_source.path`);
}

/** Resolve a path written in `ctx.file` the way uh reads it: relative to that file's folder. */
export function besideConfig(ctx: ParseContext, written: string): string {
  return path.isAbsolute(written) ? written : path.join(path.dirname(ctx.file), written);
}

/**
 * The file-based xDS source `written`, resolved beside the config, and its text; undefined when it
 * cannot be read, with a warning at `source` that names `what` and the config `key` it came from.
 * Errors other than ConfigError are thrown.
 */
export function readXdsFile(ctx: ParseContext, written: string, what: string, key: string, source: YNode): { file: string; text: string } | undefined {
  const file = besideConfig(ctx, written);
  let text: string;
  try {
    text = ctx.readFile(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    warn(ctx, `${what} from the file ${written} (${key}) not read: ${err.detail}`, source.loc);
    return undefined;
  }
  return { file, text };
}

/**
 * Members of `serviceName` from the EDS file `written`, or undefined when the file cannot be read
 * (a warning says why) or does not list the service (a note says so).
 */
export function readEdsFile(written: string, serviceName: string, source: YNode, ctx: ParseContext): Target[] | undefined {
  const read = readXdsFile(ctx, written, `endpoints of ${serviceName}`, 'eds_config', source);
  if (!read) return undefined;
  const { file, text } = read;
  if (!ctx.files.includes(file)) ctx.files.push(file);
  const root = loadYaml(text, file);
  const items = root.kind === 'seq' ? root.items : asList(field(root, 'resources'), 'resources', ctx);
  const assignment = items.find((item) => optStr(item, 'cluster_name', 'cluster_name') === serviceName);
  if (!assignment) {
    info(ctx, `the EDS file ${file} has no ClusterLoadAssignment for ${serviceName}`, source.loc);
    return undefined;
  }
  info(ctx, `endpoints of ${serviceName} read from ${file} (file-based EDS)`, source.loc);
  return readLoadAssignment(assignment, false, ctx);
}
