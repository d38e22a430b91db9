/**
 * The Envoy v3 reader: bootstrap YAML/JSON, xDS resource files (CDS/EDS/LDS) and admin config
 * dumps → the GatewayConfig model, every element located at file:line:column.
 */
import type { ConfigNote } from '../../model/index.js';
import { RENDER_FIRST } from '../../model/index.js';
import type { Parser } from '../types.js';
import type { ParseContext } from './fields.js';
import { toModel } from './to-model.js';
import { quoteTemplatePlaceholders } from './template-quote.js';
import { loadYaml } from './yaml-source.js';

export const parseEnvoy: Parser = (text, path, options) => {
  const ctx: ParseContext = { file: path, notes: [], routeTimeouts: new Map(), routeRetries: new Map(), listeners: [], readFile: options.readFile, files: [path] };
  const template = quoteTemplatePlaceholders(text);
  const config = toModel(loadYaml(template.text, path), path, ctx);
  if (!template.first) return config;
  const { placeholder, line, column } = template.first;
  const others = template.count > 1 ? ` and ${template.count - 1} more` : '';
  const note: ConfigNote = {
    severity: 'warning',
    message: `${placeholder}${others}: an unquoted template placeholder, kept as written; the targets it touches are not probed ("templated"); ${RENDER_FIRST}`,
    loc: { file: path, line, column },
  };
  return { ...config, notes: [note, ...config.notes] };
};
