/**
 * The document as plain data, exactly as written (no defaults), for the model's `declared` fields.
 * It replaces `doc.toJS()`, whose alias resolution walks the anchor list from the start for every
 * alias: sixty thousand `*target` items ran for minutes. Here every node is converted once and an
 * alias shares its anchor's value, so the time is linear in the document.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { AnchorIndex } from '../yaml-anchors.js';

export function writtenValue(doc: Document): unknown {
  const anchors = new AnchorIndex(doc);
  const done = new Map<Node, unknown>();
  const plain = (node: unknown): unknown => {
    if (isAlias(node)) {
      const target = anchors.resolve(node);
      return target ? plain(target) : undefined;
    }
    if (isScalar(node)) return node.value;
    if (!isSeq(node) && !isMap(node)) return null;
    if (done.has(node)) return done.get(node);
    let value: unknown;
    if (isSeq(node)) {
      value = node.items.map(plain);
    } else {
      const out: Record<string, unknown> = {};
      const merges: unknown[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (isMergeKey(key)) merges.push(pair.value);
        else out[String(key)] = plain(pair.value);
      }
      // YAML merge keys: the mapping's own keys win, then earlier merged mappings over later ones.
      for (const merge of merges) {
        const sources = isSeq(merge) ? merge.items : [merge];
        for (const source of sources) {
          const merged = plain(source);
          if (merged === null || typeof merged !== 'object' || Array.isArray(merged)) continue;
          for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
        }
      }
      value = out;
    }
    done.set(node, value);
    return value;
  };
  return plain(doc.contents);
}

function isMergeKey(key: unknown): boolean {
  return key === '<<' || (typeof key === 'symbol' && key.description === '<<');
}
