/** yum, rpm and systemctl over the simulated CentOS 7 repositories and unit table. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';
import { registerUnit, registerUnitHook } from '../../../../simulator/programs/coreutils/units.ts';
import { fitColumns } from '../../../../simulator/programs/coreutils/yum.ts';

describe('rpm and yum', () => {
  it('fits the transaction table as yum does (checked against a CentOS 7 transcript: 24/10/24/11/5)', () => {
    const names = ['gdisk', 'hdparm', 'mdadm', 'nano', 'smartmontools', 'xfsdump', 'attr', 'libreport-filesystem', 'mailx'];
    const versions = ['0.8.10-3.el7', '9.43-5.el7', '4.1-9.el7_9', '2.3.1-10.el7', '1:7.0-2.el7', '3.1.7-4.el7_9', '2.4.46-13.el7', '2.1.11-53.el7.centos', '12.5-19.el7'];
    const repos = ['base', 'base', 'updates', 'base', 'base', 'updates', 'base', 'base', 'base'];
    expect(fitColumns([names.map((n) => n.length), [], versions.map((v) => v.length), repos.map((r) => r.length), []], [1, 6, 1, 1, 5], 2)).toEqual([24, 10, 24, 11, 5]);
  });

  it('rpm -q answers for installed and missing packages', () => {
    const { run } = terminal();
    expect(run('rpm -q bash coreutils')).toEqual({ out: 'bash-4.2.46-34.el7.x86_64\ncoreutils-8.22-24.el7_9.2.x86_64\n', code: 0 });
    expect(run('rpm -q httpd')).toEqual({ out: 'package httpd is not installed\n', code: 1 });
  });

  it('yum install -y httpd resolves dependencies, writes files and registers the unit', () => {
    const { run } = terminal();
    const r = run('yum install -y httpd');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Loaded plugins: fastestmirror');
    expect(lines).toContain('---> Package httpd.x86_64 0:2.4.6-99.el7.centos.1 will be installed');
    expect(lines).toContain('Install  1 Package (+4 Dependent packages)');
    expect(lines).toContain(' httpd             x86_64       2.4.6-99.el7.centos.1       updates       2.7 M');
    expect(lines.at(-2)).toBe('Complete!');
    expect(run('rpm -q httpd').out).toBe('httpd-2.4.6-99.el7.centos.1.x86_64\n');
    expect(run('ls -l /usr/sbin/httpd').out).toBe('-rwxr-xr-x. 1 root root 0 Jun  2 09:00 /usr/sbin/httpd\n');
    expect(run('yum install -y httpd').out).toBe('Loaded plugins: fastestmirror\nLoading mirror speeds from cached hostfile\nPackage httpd-2.4.6-99.el7.centos.1.x86_64 already installed and latest version\nNothing to do\n');
    expect(run('systemctl is-enabled httpd')).toEqual({ out: 'disabled\n', code: 1 });
  });

  it('yum asks before installing without -y, and knows unknown packages', () => {
    const { run } = terminal();
    const r = run('yum install wget');
    expect(r.out.endsWith('Is this ok [y/d/N]: Exiting on user command\n')).toBe(true);
    expect(r.code).toBe(1);
    expect(run('echo y | yum install wget').code).toBe(0);
    expect(run('yum install -y nosuchpkg')).toEqual({ out: 'Loaded plugins: fastestmirror\nLoading mirror speeds from cached hostfile\nNo package nosuchpkg available.\nError: Nothing to do\n', code: 1 });
  });
});

describe('systemctl', () => {
  it('starts, enables and reports a registered unit with its hook', () => {
    const { run, lab } = terminal();
    const host = lab.world.host('localhost');
    registerUnitHook(lab.world, 'demo', (_w, _h, action) => (action === 'start' ? { pid: host.spawn({ ppid: 1, argv: ['/usr/bin/demod', '-f'], prog: 'demod' }).pid } : undefined));
    registerUnit(lab.world, 'localhost', { name: 'demo.service', description: 'Demo Daemon', path: '/usr/lib/systemd/system/demo.service', docs: ['https://example.org/demo'], hook: 'demo', file: '[Unit]\nDescription=Demo Daemon\n' });
    expect(run('systemctl status demo')).toEqual({
      out: '● demo.service - Demo Daemon\n   Loaded: loaded (/usr/lib/systemd/system/demo.service; disabled; vendor preset: disabled)\n   Active: inactive (dead)\n     Docs: https://example.org/demo\n',
      code: 3,
    });
    expect(run('systemctl enable demo')).toEqual({ out: 'Created symlink from /etc/systemd/system/multi-user.target.wants/demo.service to /usr/lib/systemd/system/demo.service.\n', code: 0 });
    expect(run('systemctl start demo.service')).toEqual({ out: '', code: 0 });
    run('sleep 125');
    const status = run('systemctl status demo').out.split('\n');
    expect(status[2]).toBe('   Active: active (running) since Mon 2025-06-02 09:00:06 UTC; 2min 9s ago');
    expect(status[4]).toMatch(/^ Main PID: \d+ \(demod\)$/);
    expect(status[6]).toMatch(/^ {11}└─\d+ \/usr\/bin\/demod -f$/);
    expect(run('systemctl is-active demo')).toEqual({ out: 'active\n', code: 0 });
    expect(run('systemctl stop demo; systemctl is-active demo')).toEqual({ out: 'inactive\n', code: 3 });
  });

  it('reports unknown units as systemd 219 does', () => {
    const { run } = terminal();
    expect(run('systemctl status nope')).toEqual({ out: 'Unit nope.service could not be found.\n', code: 4 });
    expect(run('systemctl start nope')).toEqual({ out: 'Failed to start nope.service: Unit not found.\n', code: 5 });
    expect(run('systemctl bogus-verb x')).toEqual({ out: "Unknown operation 'bogus-verb'.\n", code: 1 });
  });
});

describe('host set-up commands from the Kubernetes notes', () => {
  it('boot units are running and can be stopped and disabled', () => {
    const { run } = terminal();
    const status = run('systemctl status firewalld').out.split('\n');
    expect(status[0]).toBe('● firewalld.service - firewalld - dynamic firewall daemon');
    expect(status[1]).toBe('   Loaded: loaded (/usr/lib/systemd/system/firewalld.service; enabled; vendor preset: enabled)');
    expect(status[2]).toMatch(/^ {3}Active: active \(running\) since Mon 2025-06-02 \d\d:\d\d:\d\d UTC; .* ago$/);
    expect(run('systemctl stop firewalld; systemctl disable firewalld; systemctl is-active firewalld')).toEqual({ out: 'Removed symlink /etc/systemd/system/multi-user.target.wants/firewalld.service.\ninactive\n', code: 3 });
  });

  it('hostnamectl, sudo tee with a here-document, getenforce/setenforce, swapoff, modprobe', () => {
    const { run, lab } = terminal();
    expect(run('hostnamectl set-hostname k8s-master')).toEqual({ out: '', code: 0 });
    expect(lab.prompt()).toBe('[root@k8s-master ~]# ');
    expect(lab.readFile('/etc/hostname')).toBe('k8s-master\n');
    expect(run("sudo mkdir -p /etc/docker && sudo tee /etc/docker/daemon.json <<-'EOF'\n\t{\n\t  \"exec-opts\": [\"native.cgroupdriver=systemd\"]\n\t}\n\tEOF").out).toBe('{\n  "exec-opts": ["native.cgroupdriver=systemd"]\n}\n');
    expect(run('sudo nosuch')).toEqual({ out: 'sudo: nosuch: command not found\n', code: 1 });
    expect(run('getenforce; setenforce 0; getenforce').out).toBe('Enforcing\nPermissive\n');
    expect(run('swapoff -a && modprobe br_netfilter')).toEqual({ out: '', code: 0 });
    expect(run('modprobe nosuchmod')).toEqual({ out: 'modprobe: FATAL: Module nosuchmod not found.\n', code: 1 });
    expect(run("echo '*/30 * * * * /usr/sbin/ntpdate time7.aliyun.com > /dev/null 2>&1' > /tmp/c && crontab /tmp/c && crontab -l").out).toBe('*/30 * * * * /usr/sbin/ntpdate time7.aliyun.com > /dev/null 2>&1\n');
  });

  it('yum resolves provided names and versions, cleans and makes its cache', () => {
    const { run } = terminal();
    expect(run('yum -y install vim tree').code).toBe(0);
    expect(run('rpm -q vim-enhanced tree').out).toBe('vim-enhanced-7.4.629-8.el7_9.x86_64\ntree-1.6.0-10.el7.x86_64\n');
    expect(run('tree')).toEqual({ out: "podbook: 'tree' is not simulated\n", code: 1 });
    expect(run('yum clean all').out).toBe('Loaded plugins: fastestmirror\nCleaning repos: base extras updates\nCleaning up list of fastest mirrors\n');
    expect(run('yum makecache').out.split('\n').at(-2)).toBe('Metadata Cache Created');
  });
});
