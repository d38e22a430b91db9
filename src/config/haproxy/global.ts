/** The few `global` settings that change how servers are reached: TLS verification default and file bases. */
import type { Section } from './sections.js';

export interface GlobalSettings {
  /** `ssl-server-verify none|required` (HAProxy's default: required). */
  readonly sslServerVerify: 'none' | 'required';
  /** `ca-base`: where relative `ca-file` paths live. */
  readonly caBase?: string;
  /** `crt-base`: where relative `crt` paths live. */
  readonly crtBase?: string;
}

export function readGlobal(sections: readonly Section[]): GlobalSettings {
  let sslServerVerify: 'none' | 'required' = 'required';
  let caBase: string | undefined;
  let crtBase: string | undefined;
  for (const section of sections) {
    if (section.kind !== 'global') continue;
    for (const st of section.statements) {
      const [keyword, value] = [st.words[0]!.text, st.words[1]?.text];
      if (keyword === 'ssl-server-verify' && (value === 'none' || value === 'required')) sslServerVerify = value;
      if (keyword === 'ca-base' && value !== undefined) caBase = value;
      if (keyword === 'crt-base' && value !== undefined) crtBase = value;
    }
  }
  return { sslServerVerify, ...(caBase !== undefined ? { caBase } : {}), ...(crtBase !== undefined ? { crtBase } : {}) };
}
