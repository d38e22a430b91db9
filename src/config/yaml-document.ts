/**
 * Parsing a YAML document within bounds, for both YAML readers (uh YAML, Envoy YAML). The `yaml`
 * package has no depth or size limit of its own: its composer recurses once per nesting level
 * (a few thousand levels overflow the stack) and it spends about 1 KB per token (a 15 MB file of
 * small nodes ran for over a minute and out of heap). `maxAliasCount` only guards `toJS`, which
 * neither reader relies on for bounds. So we drive its stages ourselves — Lexer → Parser (both
 * iterative) → Composer, as `parseDocument` does — and stop the token stream as soon as the parser's
 * stack is deeper than MAX_NESTING_DEPTH or the token count passes MAX_YAML_TOKENS, with a located
 * error. The composer only ever sees a bounded, shallow syntax tree.
 */
import { Composer, Lexer, LineCounter, Parser, YAMLParseError } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { ConfigError } from '../errors.js';
import type { SourceLocation } from '../model/location.js';
import { MAX_NESTING_DEPTH, MAX_YAML_TOKENS, nestingTooDeep } from './limits.js';

export interface BoundedYaml {
  /** The first document; a second one is reported in `doc.errors` as MULTIPLE_DOCS, as parseDocument does. */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/**
 * The parser's stack holds the document, then one entry per open collection, plus the scalar or
 * key being read: allow that much above the nesting limit, so the readers' own depth checks (which
 * count collections exactly) speak first near the limit.
 */
const STACK_ALLOWANCE = 4;

/** `parseDocument(text, options)` with bounds; throws ConfigError(UH_CONFIG_PARSE) when one is crossed. */
export function parseYamlDocument(text: string, file: string, options: ParseOptions & DocumentOptions & SchemaOptions): BoundedYaml {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(options);
  lineCounter.addNewLine(0);
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  function* tokens(): Generator<CST.Token> {
    let count = 0;
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      if (parser.stack.length > MAX_NESTING_DEPTH + STACK_ALLOWANCE) throw new ConfigError('UH_CONFIG_PARSE', nestingTooDeep(), at(parser.offset));
      if (++count > MAX_YAML_TOKENS) {
        throw new ConfigError('UH_CONFIG_PARSE', `more than ${MAX_YAML_TOKENS.toLocaleString('en-US')} YAML tokens: more than uh reads in one document (split the config into smaller files)`, at(parser.offset));
      }
    }
    yield* parser.end();
  }
  let doc: Document.Parsed | undefined;
  // yaml makes one Error per syntax error (a line of 500,000 quotes makes as many), and capturing
  // each one's stack trace took 60 % of the time and half the memory. Only the first error is
  // reported, without a stack; a bug in yaml itself would lose its stack too (exit 3 still says so).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const next of composer.compose(tokens(), true, text.length)) {
      if (!doc) {
        doc = next;
        continue;
      }
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // compose(…, forceDoc = true) always yields a document, even for empty input.
  return { doc: doc!, lineCounter };
}
