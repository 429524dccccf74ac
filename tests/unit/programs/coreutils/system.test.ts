/** Users, host identity, time and process helpers, as CentOS 7 prints them. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('users', () => {
  it('useradd writes passwd, shadow, group and a home from skel; id reads them', () => {
    const { run, lab } = terminal();
    expect(run('useradd alice')).toEqual({ out: '', code: 0 });
    expect(run('useradd bob && id bob').out).toBe('uid=1001(bob) gid=1001(bob) groups=1001(bob)\n');
    expect(lab.readFile('/etc/passwd')?.split('\n').slice(-3)).toEqual(['alice:x:1000:1000::/home/alice:/bin/bash', 'bob:x:1001:1001::/home/bob:/bin/bash', '']);
    expect(lab.readFile('/etc/group')?.endsWith('alice:x:1000:\nbob:x:1001:\n')).toBe(true);
    expect(lab.readFile('/etc/shadow')?.endsWith('chrony:!!:20241::::::\nalice:!!:20241:0:99999:7:::\nbob:!!:20241:0:99999:7:::\n')).toBe(true);
    expect(run('ls -a /home/alice | cat').out).toBe('.\n..\n.bash_logout\n.bash_profile\n.bashrc\n');
    expect(run('useradd alice')).toEqual({ out: "useradd: user 'alice' already exists\n", code: 9 });
    expect(run('useradd -G alice carol && id carol').out).toBe('uid=1002(carol) gid=1002(carol) groups=1002(carol),1000(alice)\n');
    expect(run('id -u alice; id -un; id -G carol').out).toBe('1000\nroot\n1002 1000\n');
  });

  it('id and whoami for root, and unknown users', () => {
    const { run } = terminal();
    expect(run('id').out).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(run('whoami').out).toBe('root\n');
    expect(run('id nobody2')).toEqual({ out: 'id: nobody2: no such user\n', code: 1 });
  });
});

describe('host identity and time', () => {
  it('hostname and uname', () => {
    const { run, lab } = terminal();
    expect(run('hostname').out).toBe('localhost\n');
    expect(run('uname -a').out).toBe('Linux localhost 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n');
    expect(run('uname; uname -r; uname -n -m').out).toBe('Linux\n3.10.0-1160.el7.x86_64\nlocalhost x86_64\n');
    expect(run('hostname web1 && hostname').out).toBe('web1\n');
    expect(lab.view().hosts['localhost']?.hostname).toBe('web1');
  });

  it('date reads the lab clock; sleep moves it', () => {
    const { run } = terminal();
    expect(run('date').out).toBe('Mon Jun  2 09:00:02 UTC 2025\n');
    expect(run('date +%F_%T; date "+%Y %j %a %b %e %s"').out).toBe('2025-06-02_09:00:04\n2025 153 Mon Jun  2 1748854804\n');
    expect(run('sleep 1m; date +%T').out).toBe('09:01:06\n');
    expect(run('date -d @0 -u').out).toBe('Thu Jan  1 00:00:00 UTC 1970\n');
    expect(run('sleep')).toEqual({ out: "sleep: missing operand\nTry 'sleep --help' for more information.\n", code: 1 });
    expect(run('sleep x')).toEqual({ out: "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n", code: 1 });
  });
});

describe('env, which, xargs, seq, yes and friends', () => {
  it('env and printenv', () => {
    const { run } = terminal();
    expect(run('env | grep ^HOME=').out).toBe('HOME=/root\n');
    expect(run('env -i A=1 printenv').out).toBe('A=1\n');
    expect(run('printenv HOME USER').out).toBe('/root\nroot\n');
    expect(run('printenv NOPE')).toEqual({ out: '', code: 1 });
    expect(run('env nosuch')).toEqual({ out: 'env: nosuch: No such file or directory\n', code: 127 });
  });

  it('which finds programs on PATH', () => {
    const { run } = terminal();
    expect(run('which cat useradd').out).toBe('/usr/bin/cat\n/usr/sbin/useradd\n');
    expect(run('which nope')).toEqual({ out: '/usr/bin/which: no nope in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin)\n', code: 1 });
  });

  it('xargs runs a command with words from input', () => {
    const { run } = terminal();
    expect(run('printf "a\\nb\\nc\\n" | xargs echo x').out).toBe('x a b c\n');
    expect(run('printf "a b c" | xargs -n 2').out).toBe('a b\nc\n');
    expect(run('printf "1\\n2\\n" | xargs -I {} echo "<{}>"').out).toBe('<1>\n<2>\n');
    run('mkdir -p /tmp/xa && touch /tmp/xa/f1 /tmp/xa/f2');
    expect(run('find /tmp/xa -type f | xargs rm && ls /tmp/xa').out).toBe('');
  });

  it('seq counts', () => {
    const { run } = terminal();
    expect(run('seq 3').out).toBe('1\n2\n3\n');
    expect(run('seq 2 2 7').out).toBe('2\n4\n6\n');
    expect(run('seq -w 8 10').out).toBe('08\n09\n10\n');
    expect(run('seq -s, 1 0.5 2').out).toBe('1.0,1.5,2.0\n');
    expect(run('seq x')).toEqual({ out: "seq: invalid floating point argument: ‘x’\nTry 'seq --help' for more information.\n", code: 1 });
  });

  it('editors point at heredocs and file cells', () => {
    const { run } = terminal();
    for (const ed of ['vi', 'vim', 'nano']) {
      const r = run(`${ed} /etc/hosts`);
      expect(r.code).toBe(1);
      expect(r.out).toContain('heredoc');
    }
  });

  it('clear sends the xterm clear sequence', () => {
    expect(terminal().run('clear').out).toBe('\x1b[H\x1b[2J');
  });
});
