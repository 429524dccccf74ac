import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function lab() {
  const l = createLab('docker', { seed: 1 });
  l.run('useradd dev');
  return l;
}

describe('usermod', () => {
  it('-aG appends a supplementary group, as the Docker post-install step does', () => {
    const l = lab();
    expect(l.run('usermod -aG docker dev')).toMatchObject({ output: '', exitCode: 0 });
    expect(l.run('id dev').output).toBe('uid=1000(dev) gid=1000(dev) groups=1000(dev),995(docker)\n');
    expect(l.run('grep ^docker: /etc/group').output).toBe('docker:x:995:dev\n');
    // Appending again changes nothing.
    l.run('usermod -aG docker dev');
    expect(l.run('grep ^docker: /etc/group').output).toBe('docker:x:995:dev\n');
  });

  it('-G without -a replaces the supplementary groups', () => {
    const l = lab();
    l.run('usermod -aG docker dev');
    l.run('usermod -G daemon dev');
    expect(l.run('id -nG dev').output).toBe('dev daemon\n');
  });

  it('changes the shell, home and login name', () => {
    const l = lab();
    l.run('usermod -s /sbin/nologin -d /srv/dev -l devops dev');
    expect(l.run('grep ^devops: /etc/passwd').output).toBe('devops:x:1000:1000::/srv/dev:/sbin/nologin\n');
    expect(l.run('id dev')).toMatchObject({ output: 'id: dev: no such user\n', exitCode: 1 });
  });

  it('refuses an unknown user or group, and -a without -G', () => {
    const l = lab();
    expect(l.run('usermod -aG docker ghost')).toMatchObject({ output: "usermod: user 'ghost' does not exist\n", exitCode: 6 });
    expect(l.run('usermod -aG nosuch dev')).toMatchObject({ output: "usermod: group 'nosuch' does not exist\n", exitCode: 6 });
    const r = l.run('usermod -a dev');
    expect(r.exitCode).toBe(2);
    expect(r.output.startsWith('usermod: -a flag is ONLY allowed with the -G flag\nUsage: usermod [options] LOGIN\n')).toBe(true);
    expect(l.run('id dev').output).toBe('uid=1000(dev) gid=1000(dev) groups=1000(dev)\n');
  });
});

describe('gpasswd', () => {
  it('adds and removes a member with the real messages', () => {
    const l = lab();
    expect(l.run('gpasswd -a dev docker')).toMatchObject({ output: 'Adding user dev to group docker\n', exitCode: 0 });
    expect(l.run('id -nG dev').output).toBe('dev docker\n');
    expect(l.run('gpasswd -d dev docker')).toMatchObject({ output: 'Removing user dev from group docker\n', exitCode: 0 });
    expect(l.run('gpasswd -d dev docker')).toMatchObject({ output: "gpasswd: user 'dev' is not a member of 'docker'\n", exitCode: 3 });
    expect(l.run('gpasswd -a ghost docker')).toMatchObject({ output: "gpasswd: user 'ghost' does not exist\n", exitCode: 3 });
  });
});
