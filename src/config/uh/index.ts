/**
 * uh's own YAML (CONTRACT.md §5) → GatewayConfig. Three stages, in blackbox_exporter's order:
 * syntax (yaml's parser, positions from a LineCounter), a strict decode against the key tables
 * that fills defaults and rejects unknown keys, then cross-field validation while building the model.
 */
import type { LineCounter, YAMLError } from 'yaml';
import { ConfigError } from '../../errors.js';
import type { Parser } from '../types.js';
import { parseYamlDocument } from '../yaml-document.js';
import { buildModel } from './build-model.js';
import { BuildContext } from './context.js';
import { decodeDocument } from './decode.js';
import type { DecodedRoot } from './decoded.js';
import { ROOT_TYPE } from './schema.js';
import { writtenValue } from './written.js';

export const parseUh: Parser = (text, path) => {
  const { doc, lineCounter } = parseYamlDocument(text, path, { prettyErrors: false, uniqueKeys: false, version: '1.2', merge: true });
  const syntax = doc.errors[0];
  if (syntax) throw syntaxError(syntax, path, lineCounter);
  const decoded = decodeDocument(doc, lineCounter, path, ROOT_TYPE, text.length);
  const written = writtenValue(doc);
  return buildModel(new BuildContext(path, decoded.locs, written), decoded.value as unknown as DecodedRoot);
};

/** yaml's error, reworded where its text is library-speak, at file:line:column. */
function syntaxError(err: YAMLError, path: string, lineCounter: LineCounter): ConfigError {
  const { line, col } = lineCounter.linePos(err.pos[0]);
  const reworded: Partial<Record<string, string>> = {
    MULTIPLE_DOCS: 'a uh config is one YAML document; remove the second `---` and what follows',
    TAB_AS_INDENT: 'YAML indentation must use spaces, not tabs',
  };
  const detail = reworded[err.code] ?? err.message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
  return new ConfigError('UH_CONFIG_PARSE', `YAML syntax: ${detail}`, { file: path, line, column: col });
}

