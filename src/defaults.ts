/**
 * Defaults shared by the CLI (its `--help` shows them), the library and the probes. This file
 * imports nothing, so `uh --help` can read them without loading a probe.
 */

/**
 * Listen up to this many times the check's timeout (`--patience`). 3× tells "too aggressive" from
 * "hung" for any answer up to three timeouts late, which is later than any gateway retrying at its
 * timeout would wait; a larger factor only delays the verdict on a hung upstream.
 */
export const DEFAULT_PATIENCE = 3;
