import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHELLS } from '../../src/cli/commands/completion.js';
import { buildProgram } from '../../src/cli/main.js';
import { bashCompletion } from '../../src/completion/bash.js';
import { fishCompletion } from '../../src/completion/fish.js';
import { programSpec } from '../../src/completion/spec.js';
import { zshCompletion } from '../../src/completion/zsh.js';

const has = (bin: string): boolean => spawnSync(bin, ['--version']).status === 0;
const BASH = has('bash');
const ZSH = has('zsh');
const FISH = has('fish');

const spec = programSpec(buildProgram(), SHELLS);

/** Run the bash function the way readline does: COMP_WORDS/COMP_CWORD set, COMPREPLY read back. */
function complete(line: string): string[] {
  const words = line.split(' ');
  const script = [
    bashCompletion(spec),
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_uh_completion',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', timeout: 10_000, cwd: '/' });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter(Boolean);
}

describe('uh completion: scripts generated from the program itself', () => {
  it('knows every registered command, so a new command is completed without editing the generator', () => {
    const names = buildProgram().commands.map((c) => c.name());
    expect(spec.commands.map((c) => c.name)).toEqual([...names, 'help']);
    expect(names).toEqual(expect.arrayContaining(['explain', 'convert', 'export', 'completion']));
  });

  it.skipIf(!BASH)('bash: the script passes bash -n', () => {
    const run = spawnSync('bash', ['-n'], { input: bashCompletion(spec), encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.skipIf(!BASH)('bash: completes commands, option values, cause ids and shells', () => {
    expect(complete('uh exp')).toEqual(['explain', 'export']);
    expect(complete('uh explain tcp-re')).toEqual(['tcp-refused', 'tcp-reset']);
    expect(complete('uh export --to e')).toEqual(['envoy']);
    expect(complete('uh export --to h')).toEqual(['haproxy']);
    expect(complete('uh diagnose --config-format h')).toEqual(['haproxy']);
    expect(complete('uh completion f')).toEqual(['fish']);
    expect(complete('uh export --p')).toEqual(['--plus']);
    expect(complete('uh help con')).toEqual(['convert']);
  });

  it.skipIf(!ZSH)(`zsh: the script passes zsh -n${ZSH ? '' : ' (skipped: zsh not installed)'}`, () => {
    const run = spawnSync('zsh', ['-n'], { input: zshCompletion(spec), encoding: 'utf8', timeout: 10_000 });
    expect(run.status, run.stderr).toBe(0);
  });

  it.skipIf(!FISH)(`fish: the script passes fish -n${FISH ? '' : ' (skipped: fish not installed)'}`, () => {
    const run = spawnSync('fish', ['-n'], { input: fishCompletion(spec), encoding: 'utf8', timeout: 10_000 });
    expect(run.status, run.stderr).toBe(0);
  });

  it('zsh and fish scripts describe every command and option with the value choices', () => {
    const zsh = zshCompletion(spec);
    expect(zsh.split('\n')[0]).toBe('#compdef uh');
    expect(zsh).toContain("'--to[the gateway to write for]:value:(nginx envoy haproxy)'");
    expect(zsh).toContain("'explain:print the runbook for a cause id (what it means, how to confirm, fix and prevent it)'");
    const fish = fishCompletion(spec);
    expect(fish).toContain("complete -c uh -n '__fish_seen_subcommand_from export' -l to -x -a 'nginx envoy haproxy' -d 'the gateway to write for'");
    expect(fish).toContain("complete -c uh -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
  });

  it('uh help <command> prints that command\'s help (commander) and exits 0', async () => {
    const program = buildProgram();
    let out = '';
    program.configureOutput({ writeOut: (text) => (out += text) });
    for (const cmd of program.commands) cmd.configureOutput({ writeOut: (text) => (out += text) });
    await expect(program.parseAsync(['node', 'uh', 'help', 'export'])).rejects.toMatchObject({ exitCode: 0 });
    expect(out).toContain('Usage: uh export [options] <config>');
    expect(out).toContain('--to <gateway>');
  });
});
