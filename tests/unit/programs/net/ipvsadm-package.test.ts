/** ipvsadm is not part of a CentOS 7 minimal install: it arrives with `yum install -y ipvsadm`. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('the ipvsadm package', () => {
  it('is missing until yum installs ipvsadm-1.27-8.el7 from base, alone', () => {
    const { run } = terminal();
    expect(run('ipvsadm -Ln')).toEqual({ out: 'bash: ipvsadm: command not found\n', code: 127 });
    expect(run('rpm -q ipvsadm')).toEqual({ out: 'package ipvsadm is not installed\n', code: 1 });
    const r = run('yum install -y ipvsadm');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('---> Package ipvsadm.x86_64 0:1.27-8.el7 will be installed');
    expect(lines).toContain('Install  1 Package');
    expect(lines).toContain('Total download size: 45 k');
    expect(lines).toContain('Installed size: 75 k');
    expect(lines.find((l) => l.startsWith(' ipvsadm '))).toMatch(/^ ipvsadm +x86_64 +1\.27-8\.el7 +base +45 k$/);
    expect(run('rpm -q ipvsadm').out).toBe('ipvsadm-1.27-8.el7.x86_64\n');
    expect(run('ls -1 /usr/sbin/ipvsadm*').out).toBe('/usr/sbin/ipvsadm\n/usr/sbin/ipvsadm-restore\n/usr/sbin/ipvsadm-save\n');
    expect(run('stat -c %a /etc/sysconfig/ipvsadm-config').out).toBe('600\n');
    expect(run('ipvsadm -Ln')).toEqual({ out: 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n', code: 0 });
    expect(run('systemctl is-enabled ipvsadm')).toEqual({ out: 'disabled\n', code: 1 });
    // ipvsadm-save and ipvsadm-restore wrap -S and -R: a saved table comes back after a flush.
    run('ipvsadm -A -t 10.0.0.1:80 -s rr && ipvsadm -a -t 10.0.0.1:80 -r 172.17.0.2:80 -m');
    expect(run('ipvsadm-save -n > /root/ipvs.rules && ipvsadm -C && ipvsadm-restore < /root/ipvs.rules && ipvsadm -S -n')).toEqual({ out: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 172.17.0.2:80 -m -w 1\n', code: 0 });
  });
});
