/**
 * Plain-text layout for the terminal report: wrapping to a width (words longer than the width —
 * URLs, addresses — are split rather than cut off) and cutting to a width with an ellipsis.
 * Works on text before it is coloured, so widths are the characters a terminal shows.
 */

/** Lines of at most `width` characters; each input line (`\n`) starts a new line. */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      for (const piece of splitLong(word, limit)) {
        if (line === '') line = piece;
        else if (line.length + 1 + piece.length <= limit) line += ` ${piece}`;
        else {
          out.push(line);
          line = piece;
        }
      }
    }
    out.push(line);
  }
  return out;
}

/** Wrapped to `width`, every line after the first indented by `indent` spaces (and still within `width`). */
export function wrapHanging(text: string, width: number, indent: number): string[] {
  const [first = '', ...rest] = wrapText(text, width);
  const tail = rest.join(' ');
  return tail === '' ? [first] : [first, ...wrapText(tail, width - indent).map((l) => `${' '.repeat(indent)}${l}`)];
}

function splitLong(word: string, width: number): string[] {
  if (word.length <= width) return [word];
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += width) parts.push(word.slice(i, i + width));
  return parts;
}

/** `text` cut to `width` characters, the cut marked with `ellipsis`. */
export function cut(text: string, width: number, ellipsis: string): string {
  if (text.length <= width) return text;
  if (width <= ellipsis.length) return text.slice(0, Math.max(0, width));
  return `${text.slice(0, width - ellipsis.length)}${ellipsis}`;
}

/** `text` padded with spaces to `width` characters (never cut). */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
