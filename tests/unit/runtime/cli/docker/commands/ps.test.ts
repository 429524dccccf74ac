/**
 * `docker ps -s` and `--format` checks, compared with the real 28.2.2 client against `npm run
 * serve`: the SIZE column is the writable layer and, in brackets, the image with it; a bad
 * template is refused before the list with `failed to parse/execute template`.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';

describe('docker ps -s', () => {
  it('adds SIZE from the writable layer and the image', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name box busybox sleep 1000');
    lab.run('docker exec box sh -c "echo hello > /data.txt"');
    const out = lab.run('docker ps -s').output.split('\n');
    expect(out[0]).toMatch(/^CONTAINER ID {3}IMAGE {5}COMMAND {8}CREATED {9}STATUS {9}PORTS {5}NAMES {5}SIZE$/);
    expect(out[1]).toMatch(/ box {7}6B \(virtual 4\.28MB\)$/);
  });

  it('asks for sizes when the template uses .Size', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker create --name c1 busybox');
    expect(lab.run('docker ps -a --format "{{.Names}} {{.Size}}"').output).toBe('c1 0B (virtual 4.28MB)\n');
  });
});

describe('docker ps --format', () => {
  it('checks the template first, with the wording of the list command', () => {
    const lab = createLab('docker', { seed: 1 });
    let r = lab.run("docker ps --format '{{.Foo}}'");
    expect(r.output).toBe('failed to execute template: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n');
    expect(r.exitCode).toBe(1);
    r = lab.run("docker ps --format 'table {{.Names}}\\t{{.Foo}}'");
    expect(r.output).toContain('template: :1:20: executing');
    r = lab.run("docker ps --format '{{.Names'");
    expect(r.output).toBe('failed to parse template: template: :1: unclosed action\n');
  });

  it('has the Label method and its header', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker create --name c1 -l app=web busybox');
    expect(lab.run("docker ps -a --format 'table {{.Names}}\\t{{.Label \"app\"}}'").output).toBe('NAMES     app\nc1        web\n');
  });
});
