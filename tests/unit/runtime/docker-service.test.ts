/** docker.service: systemctl sees dockerd, stops and starts the engine; the socket is root:docker. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('docker.service', () => {
  it('is active with dockerd as main pid, and dockerd and containerd run', () => {
    const lab = createLab('docker', { seed: 1 });
    const status = lab.run('systemctl status docker').output.split('\n');
    expect(status[0]).toBe('● docker.service - Docker Application Container Engine');
    expect(status[1]).toBe('   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)');
    expect(status[3]).toBe('     Docs: https://docs.docker.com');
    expect(status[6]).toMatch(/^ {11}└─\d+ \/usr\/bin\/dockerd -H fd:\/\/ --containerd=\/run\/containerd\/containerd.sock$/);
    const ps = lab.run('ps -ef').output;
    expect(ps).toMatch(/ \/usr\/bin\/containerd\n/);
    expect(ps).toMatch(/ \/usr\/bin\/dockerd -H fd:\/\//);
  });

  it('stop closes the socket; start brings back containers with a restart policy', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name web --restart always nginx >/dev/null 2>&1; docker run -d --name once nginx >/dev/null');
    expect(lab.run('systemctl stop docker').exitCode).toBe(0);
    const r = lab.run('docker ps');
    expect(r.output).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
    expect(r.exitCode).toBe(1);
    expect(lab.run('systemctl is-active docker').output).toBe('inactive\n');
    expect(lab.run('ps -ef | grep -c "/usr/bin/docker[d]"').output).toBe('0\n');
    expect(lab.run('systemctl start docker').exitCode).toBe(0);
    expect(lab.run('docker ps -a --format "{{.Names}} {{.State}}"').output).toBe('once exited\nweb running\n');
  });

  it('the socket belongs to the docker group', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('ls -l /var/run/docker.sock').output).toBe('srw-rw----. 1 root docker 0 Jun  2 09:00 /var/run/docker.sock\n');
    expect(lab.run('grep docker /etc/group').output).toBe('docker:x:995:\n');
  });
});

describe('docker ps PORTS', () => {
  it('lists ports only while the container runs', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull nginx >/dev/null; docker create --name cr -p 8080:80 nginx >/dev/null; docker run -d --name up -p 8081:80 nginx >/dev/null; docker run -d --name ex -p 8082:80 nginx >/dev/null; docker stop ex >/dev/null');
    // Newest first, even when created within the same millisecond of lab time.
    expect(lab.run('docker ps -a --format "{{.Names}}|{{.Ports}}"').output).toBe('ex|\nup|0.0.0.0:8081->80/tcp, [::]:8081->80/tcp\ncr|\n');
  });
});

describe('output of a PID 1 that ends later', () => {
  it('docker run perl prints the digits, exits 0 and docker logs shows them', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull perl >/dev/null');
    const r = lab.run("docker run --name pl perl perl -Mbignum=bpi -wle 'print bpi(30)'");
    expect(r).toMatchObject({ exitCode: 0, output: '3.14159265358979323846264338328\n' });
    expect(lab.run('docker logs pl').output).toBe('3.14159265358979323846264338328\n');
    expect(lab.run("docker run --rm perl perl -Mbignum=bpi -wle 'print bpi(10)'").output).toBe('3.141592654\n');
    expect(lab.run('docker ps -aq --filter name=pl').output).not.toBe('');
  });

  it('stress --timeout reports its successful run in the log', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull progrium/stress >/dev/null; docker run -d --name st progrium/stress --cpu 1 --timeout 5s >/dev/null; sleep 7');
    expect(lab.run('docker logs st').output).toBe('stress: info: [1] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd\nstress: info: [1] successful run completed in 5s\n');
    expect(lab.run('docker inspect -f "{{.State.ExitCode}}" st').output).toBe('0\n');
  });
});
