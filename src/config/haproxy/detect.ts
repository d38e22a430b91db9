/**
 * Whether a file reads as haproxy.cfg: a line that opens an HAProxy proxy section (`frontend`,
 * `backend`, `listen` with a name; `defaults`; `global`) and a line with a keyword only HAProxy
 * writes (`server NAME ADDR`, `bind`, `mode http|tcp`, `balance`, `default_backend`,
 * `use_backend`, `timeout connect`, `option`…), with no `;` or `{` ending directives (nginx).
 */
const SECTION_LINE = /^[ \t]*(?:global|defaults(?:[ \t]+\S+)?|(?:frontend|backend|listen)[ \t]+\S+(?:[ \t]+\S+)*)[ \t]*(?:#.*)?\r?$/m;
const KEYWORD_LINE = /^[ \t]*(?:server[ \t]+\S+[ \t]+\S+|server-template[ \t]|bind[ \t]|mode[ \t]+(?:http|tcp)\b|balance[ \t]|default_backend[ \t]|use_backend[ \t]|timeout[ \t]+(?:connect|client|server|check)\b|option[ \t]+[a-z-]+|maxconn[ \t]+\d|log[ \t]+global\b)/m;
const NGINX_BLOCK = /^[ \t]*(?:http|server|upstream|location|events|stream)(?:[ \t][^;{}\n#]*)?\{[ \t]*(?:#.*)?\r?$/m;

export function looksLikeHaproxy(sample: string): boolean {
  return SECTION_LINE.test(sample) && KEYWORD_LINE.test(sample) && !NGINX_BLOCK.test(sample);
}
