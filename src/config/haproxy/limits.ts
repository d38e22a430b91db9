/**
 * Bounds on what the HAProxy reader accepts, so a hostile or broken file cannot make it loop or
 * allocate without limit. HAProxy's own: at most 64 words on a line (MAX_LINE_ARGS), and fewer
 * than 100 nested `.if` blocks. The others sit far above any real haproxy.cfg.
 */
export const HAPROXY_LIMITS = {
  /** Characters on one line (HAProxy grows its line buffer; 64 KiB is far above real lines). */
  maxLineLength: 65_536,
  /** Words on one line (HAProxy MAX_LINE_ARGS). */
  maxWords: 64,
  /** Sections in one file. */
  maxSections: 10_000,
  /** Nested `.if` blocks (HAProxy 2.6 refuses the 100th). */
  maxNestedConditions: 100,
  /** Length of a `defaults … from …` chain. */
  maxDefaultsChain: 32,
  /** Notes kept about keywords uh does not know (the rest are counted in one line). */
  maxUnknownNotes: 50,
} as const;
