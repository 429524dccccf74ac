import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

/** The prompt after entering a container with `docker run -it IMAGE`, then after `cd /tmp`. */
function prompts(image: string): [string, string] {
  const lab = createLab('docker', { seed: 1 });
  const inside = lab.run(`docker run -it ${image}`).prompt;
  const tmp = lab.run('cd /tmp').prompt;
  return [inside, tmp];
}

describe('shell prompt', () => {
  it('is CentOS bash on the lab host, with the last part of the directory', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('true').prompt).toBe('[root@localhost ~]# ');
    expect(lab.run('cd /usr/local').prompt).toBe('[root@localhost local]# ');
  });

  it('is CentOS bash in centos images', () => {
    const [inside, tmp] = prompts('centos:7');
    expect(inside).toMatch(/^\[root@[0-9a-f]{12} \/\]# $/);
    expect(tmp).toMatch(/^\[root@[0-9a-f]{12} tmp\]# $/);
  });

  it('is Debian bash (user@host:full path) in Ubuntu', () => {
    const [inside, tmp] = prompts('ubuntu');
    expect(inside).toMatch(/^root@[0-9a-f]{12}:\/# $/);
    expect(tmp).toMatch(/^root@[0-9a-f]{12}:\/tmp# $/);
  });

  it('is Debian bash in an exec shell of httpd, in its working directory', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name web httpd');
    expect(lab.run('docker exec -it web bash').prompt).toMatch(/^root@[0-9a-f]{12}:\/usr\/local\/apache2# $/);
  });

  it("is BusyBox ash's `/ # ` in busybox and alpine", () => {
    expect(prompts('busybox')).toEqual(['/ # ', '/tmp # ']);
    expect(prompts('alpine')).toEqual(['/ # ', '/tmp # ']);
  });

  it('uses ~ for the home directory in Debian bash', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker run -it -w /root ubuntu bash').prompt).toMatch(/^root@[0-9a-f]{12}:~# $/);
    expect(lab.run('mkdir -p /root/work && cd /root/work').prompt).toMatch(/^root@[0-9a-f]{12}:~\/work# $/);
  });

  it('shows $ and the user name for another user', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker run -it -u ubuntu -w /home/ubuntu ubuntu bash').prompt).toMatch(/^ubuntu@[0-9a-f]{12}:~\$ $/);
    expect(lab.run('cd /').prompt).toMatch(/^ubuntu@[0-9a-f]{12}:\/\$ $/);
  });
});
