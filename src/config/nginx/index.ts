/**
 * The nginx parser: nginx's own tokenizer and block structure (lexer.ts, parse.ts), `include`
 * expansion through ParseOptions (include.ts), then the model (to-model.ts). Only files handed
 * out by `options.readFile`/`options.glob` are read: the parser never touches the file system.
 */
import type { Parser } from '../types.js';
import { parseWithIncludes } from './include.js';
import { toModel } from './to-model.js';

export const parseNginx: Parser = (text, path, options) => toModel(parseWithIncludes(text, path, options), path);
