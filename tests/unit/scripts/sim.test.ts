import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, scriptCommands, type SimIo } from '../../../scripts/sim.ts';

const ROOT = join(import.meta.dirname, '../../..');
/** The Node 24 that npm scripts use (the `node` devDependency), which runs .ts files directly. */
const NODE = join(ROOT, 'node_modules/node/bin/node');
const dir = mkdtempSync(join(tmpdir(), 'podbook-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sim(argv: string[], scripts: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: SimIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readScript: (file) => {
      const text = scripts[file];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return text;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const SCRIPT = ['# set up', 'echo one', '', 'cat > notes.txt <<EOF', 'first', 'EOF', 'echo two \\', '  three', 'nosuch', 'cd /tmp', 'pwd'].join('\n');

describe('npm run sim', () => {
  it('splits a script into command lines: comments and blanks skipped, heredocs and continuations joined', () => {
    expect(scriptCommands(SCRIPT)).toEqual(['echo one', 'cat > notes.txt <<EOF\nfirst\nEOF', 'echo two \\\n  three', 'nosuch', 'cd /tmp', 'pwd']);
    expect(scriptCommands("cat <<-'END'\n\tbody\n\tEND\necho after\n")).toEqual(["cat <<-'END'\n\tbody\n\tEND", 'echo after']);
  });

  it('prints a transcript: prompt and command, continuation lines after "> ", then the output', async () => {
    const out = await sim(['--lab', 'docker', '--script', 's.sh'], { 's.sh': 'echo one\necho two \\\n  three\nnosuch\ncd /tmp\npwd\n' });
    expect(out).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '[root@localhost ~]# echo one',
        'one',
        '[root@localhost ~]# echo two \\',
        '>   three',
        'two three',
        '[root@localhost ~]# nosuch',
        'bash: nosuch: command not found',
        '[root@localhost ~]# cd /tmp',
        '[root@localhost tmp]# pwd',
        '/tmp',
        '',
      ].join('\n'),
    });
  });

  it('--json prints only the steps', async () => {
    const out = await sim(['--script', 's.sh', '--json', '--seed', '5'], { 's.sh': SCRIPT });
    expect(out.code).toBe(0);
    const steps = JSON.parse(out.stdout) as unknown[];
    expect(steps).toHaveLength(6);
    expect(steps[0]).toEqual({ host: 'localhost', command: 'echo one', output: 'one\n', exitCode: 0 });
    expect(steps[3]).toEqual({ host: 'localhost', command: 'nosuch', output: 'bash: nosuch: command not found\n', exitCode: 127 });
  });

  it('refuses bad flags and values with a usage error and exit status 2', async () => {
    for (const argv of [['--bogus'], ['--lab', 'nolab'], ['--seed', '-1'], ['--seed', 'x'], ['--json'], ['--host', 'nowhere', '--script', 's.sh'], ['extra']]) {
      const out = await sim(argv, { 's.sh': 'echo hi' });
      expect(out.code, argv.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^sim: [\s\S]*\nusage: npm run sim/);
    }
    expect(await sim(['--script', 'missing.sh'])).toMatchObject({ code: 2, stdout: '' });
    expect(await sim(['--help'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('runs as a command: JSON alone on stdout, from a file or standard input', () => {
    const file = join(dir, 'script.sh');
    writeFileSync(file, 'echo hello\nfalse\n');
    const expected = [
      { host: 'localhost', command: 'echo hello', output: 'hello\n', exitCode: 0 },
      { host: 'localhost', command: 'false', output: '', exitCode: 1 },
    ];
    const fromFile = spawnSync(NODE, ['scripts/sim.ts', '--lab', 'docker', '--script', file, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(fromFile.status).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toEqual(expected);
    const fromStdin = spawnSync(NODE, ['scripts/sim.ts', '--script', '-', '--json'], { cwd: ROOT, encoding: 'utf8', input: 'echo hello\nfalse\n' });
    expect(JSON.parse(fromStdin.stdout)).toEqual(expected);
    const bad = spawnSync(NODE, ['scripts/sim.ts', '--nope'], { cwd: ROOT, encoding: 'utf8' });
    expect([bad.status, bad.stdout]).toEqual([2, '']);
  });

  it('reads commands interactively until end of input', () => {
    const out = spawnSync(NODE, ['scripts/sim.ts'], { cwd: ROOT, encoding: 'utf8', input: 'echo hi\ncd /tmp\n' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('[root@localhost ~]# hi\n[root@localhost ~]# [root@localhost tmp]# ');
  });
});
