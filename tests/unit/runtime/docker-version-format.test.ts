/**
 * `docker version --format` sees the client's Go structs, whose field names differ from the JSON
 * keys in two places (`APIVersion` is `ApiVersion` in JSON); outputs checked with the real 28.2.2
 * client against a served lab.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('docker version --format', () => {
  it('reads the Go field names of both sides', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run("docker version --format '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.MinAPIVersion}}'")).toMatchObject({ exitCode: 0, output: '28.2.2 1.50 1.24\n' });
    expect(lab.run("docker version --format '{{.Client.Version}} {{.Client.APIVersion}} {{.Client.Context}}'")).toMatchObject({ exitCode: 0, output: '28.2.2 1.50 default\n' });
  });

  it('prints the JSON keys with json', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run("docker version --format '{{json .Client}}'").output).toBe(
      '{"Version":"28.2.2","ApiVersion":"1.50","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default"}\n',
    );
    expect(lab.run("docker version --format '{{json .Server}}'").output).toContain('"Version":"28.2.2","ApiVersion":"1.50","MinAPIVersion":"1.24",');
  });
});
