/**
 * The HAProxy reader: HAProxy's own line tokenizer (lexer.ts), sections and `defaults`
 * inheritance (sections.ts, inherit.ts), then the model (to-model.ts). One file, no includes
 * (HAProxy takes several files as several `-f` flags, each read on its own here).
 */
import type { Parser } from '../types.js';
import { tokenize } from './lexer.js';
import { toModel } from './to-model.js';

export const parseHaproxy: Parser = (text, path) => toModel(tokenize(text, path), path);
