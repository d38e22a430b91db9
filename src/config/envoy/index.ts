/**
 * The Envoy v3 reader: bootstrap YAML/JSON, xDS resource files (CDS/EDS/LDS) and admin config
 * dumps → the GatewayConfig model, every element located at file:line:column.
 */
import type { Parser } from '../types.js';
import type { ParseContext } from './fields.js';
import { toModel } from './to-model.js';
import { loadYaml } from './yaml-source.js';

export const parseEnvoy: Parser = (text, path, options) => {
  const ctx: ParseContext = { file: path, notes: [], routeTimeouts: new Map(), routeRetries: new Map(), listeners: [], readFile: options.readFile, files: [path] };
  return toModel(loadYaml(text, path), path, ctx);
};
