/** yum, rpm and systemctl over the simulated CentOS 7 repositories and unit table. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';
import { registerUnit, registerUnitHook } from '../../../../simulator/programs/coreutils/units.ts';

describe('rpm and yum', () => {
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
