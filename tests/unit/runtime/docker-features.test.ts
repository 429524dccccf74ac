/**
 * Containers beyond the first milestone: exec and interactive sessions, volumes and bind mounts,
 * networks, stats from cgroups, commit/diff, a private registry, inspect/version/info. Table and
 * error formats were compared with the real docker 28.2.2 client driving this same engine over
 * HTTP (a small adapter serving `dockerd` on 127.0.0.1): version, info, inspect, port, top,
 * history, search, ps --format json, volume/network ls matched byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

function lab(seed = 1) {
  const l = createLab('docker', { seed });
  return { l, run: (line: string) => l.run(line) };
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1) as string;

describe('exec and interactive containers', () => {
  it('runs commands in the container and reports their exit codes', () => {
    const { run } = lab();
    run('docker run -d --name web -p 8080:80 httpd');
    expect(run('docker exec web cat htdocs/index.html').output).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(run('docker exec web nosuch')).toMatchObject({ exitCode: 127, output: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown\n' });
    expect(run('docker exec ghost ls').output).toBe('Error response from daemon: No such container: ghost\n');
  });

  it('moves the terminal into the container with -it, and exit stops an attached PID 1', () => {
    const { run } = lab();
    const id = lastLine(run('docker create -it --name c7 centos:7').output);
    const r = run('docker start c7');
    expect(r.output).toBe('c7\n');
    const started = run('docker run -it --name c8 centos:7');
    expect(started.prompt).toMatch(/^\[root@[0-9a-f]{12} \/\]# $/);
    expect(run('cat /etc/centos-release').output).toBe('CentOS Linux release 7.9.2009 (Core) \n');
    expect(run('exit').prompt).toBe('[root@localhost ~]# ');
    expect(run('docker ps -a --format "{{.Names}} {{.Status}}"').output).toContain('c8 Exited (0)');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prompts with the -h hostname', () => {
    const { run } = lab();
    expect(run('docker run -h hwhost -it centos:7').prompt).toBe('[root@hwhost /]# ');
  });
});

describe('volumes and mounts', () => {
  it('serves a read-only bind-mounted htdocs and refuses writes in it', () => {
    const { run } = lab();
    run('mkdir -p /root/htdocs && echo "<h1>mine</h1>" > /root/htdocs/index.html');
    run('docker run -d --name web -p 8080:80 -v /root/htdocs:/usr/local/apache2/htdocs:ro httpd');
    expect(run('curl -s localhost:8080').output).toBe('<h1>mine</h1>\n');
    expect(run('docker exec web sh -c "echo x > /usr/local/apache2/htdocs/y"').output).toContain('Read-only file system');
    expect(run('docker inspect -f "{{json .Mounts}}" web').output).toBe('[{"Type":"bind","Source":"/root/htdocs","Destination":"/usr/local/apache2/htdocs","Mode":"ro","RW":false,"Propagation":"rprivate"}]\n');
  });

  it('keeps volume data under /var/lib/docker/volumes and lists volumes like the real client', () => {
    const { run, l } = lab();
    expect(run('docker volume create data').output).toBe('data\n');
    run('docker run --rm -v data:/data busybox sh -c "echo kept > /data/f"');
    expect(l.readFile('/var/lib/docker/volumes/data/_data/f')).toBe('kept\n');
    expect(run('docker volume ls').output).toBe('DRIVER    VOLUME NAME\nlocal     data\n');
    expect(run('docker volume inspect nope')).toMatchObject({ exitCode: 1, output: '[]\nError response from daemon: get nope: no such volume\n' });
  });
});

describe('networks', () => {
  it('creates user bridges with subnets and applies the --ip rules', () => {
    const { run } = lab();
    run('docker network create --driver bridge --subnet 172.10.10.0/24 --gateway 172.10.10.1 net2');
    expect(run('docker network ls --format "{{.Name}} {{.Driver}} {{.Scope}}"').output).toBe('bridge bridge local\nhost host local\nnet2 bridge local\nnone null local\n');
    run('docker run -d --name n1 --network net2 --ip 172.10.10.10 busybox sleep 3600');
    expect(run('docker inspect -f "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}" n1').output).toBe('172.10.10.10\n');
    expect(run('docker run -d --ip 172.17.0.9 busybox sleep 3600').output).toBe("docker: Error response from daemon: user specified IP address is supported on user defined networks only\n\nRun 'docker run --help' for more information\n");
    expect(run('docker network create -d overlay ov').output).toBe('Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n');
    expect(run('docker network inspect nope').output).toBe('[]\nError response from daemon: network nope not found\n');
  });
});

describe('cgroups', () => {
  it('shares CPU by --cpu-shares, as docker stats shows', () => {
    const { run } = lab();
    run('docker run -d --name s1 --cpu-shares 512 progrium/stress --cpu 2');
    run('docker run -d --name s2 --cpu-shares 2048 progrium/stress --cpu 2');
    run('sleep 10');
    const out = run('docker stats --no-stream --format "{{.Name}} {{.CPUPerc}} {{.PIDs}}"').output;
    expect(out).toBe('s2 160.00% 3\ns1 40.00% 3\n');
    expect(run('cat /sys/fs/cgroup/cpu/docker/$(docker inspect -f "{{.Id}}" s1)/cpu.shares').output).toBe('512\n');
  });
});

describe('images from containers', () => {
  it('diffs and commits a container', () => {
    const { run } = lab();
    run('docker run -it --name c7 centos:7');
    run('touch /root/hello; rm /etc/centos-release');
    run('exit');
    expect(run('docker diff c7').output).toBe('C /etc\nD /etc/centos-release\nC /root\nA /root/hello\n');
    expect(run('docker commit -a sxq -m "my centos" c7 mycentos:v1').output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(run('docker run --rm mycentos:v1 ls /root').output).toBe('hello\n');
    expect(run('docker inspect -f "{{.Author}} {{.Comment}}" mycentos:v1').output).toBe('sxq my centos\n');
  });
});

describe('private registry', () => {
  it('pushes, lists the catalog, and pulls back after rmi', () => {
    const { run } = lab();
    run('docker pull httpd');
    run('docker run -d -p 1000:5000 -v /root/myregister/:/var/lib/registry registry');
    run('docker tag httpd 127.0.0.1:1000/sxq/httpd:v12');
    const pushed = run('docker push 127.0.0.1:1000/sxq/httpd:v12').output;
    expect(pushed.split('\n')[0]).toBe('The push refers to repository [127.0.0.1:1000/sxq/httpd]');
    expect(pushed).toMatch(/\nv12: digest: sha256:[0-9a-f]{64} size: \d+\n$/);
    expect(run('curl http://127.0.0.1:1000/v2/_catalog').output).toBe('{"repositories":["sxq/httpd"]}\n');
    run('docker rmi 127.0.0.1:1000/sxq/httpd:v12 httpd');
    expect(run('docker pull 127.0.0.1:1000/sxq/httpd:v12').exitCode).toBe(0);
    expect(run('docker run --rm 127.0.0.1:1000/sxq/httpd:v12 cat /usr/local/apache2/htdocs/index.html').output).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('denies a Docker Hub push without login', () => {
    const { run } = lab();
    run('docker pull busybox');
    run('docker tag busybox sxq/busybox');
    const r = run('docker push sxq/busybox');
    expect(r.exitCode).toBe(1);
    expect(r.output.endsWith('denied: requested access to the resource is denied\n')).toBe(true);
    expect(run('docker login -u sxq -p wrong').output).toContain('unauthorized: incorrect username or password');
  });
});

describe('system', () => {
  it('prints version as the real client does against this engine', () => {
    const { run } = lab();
    expect(run('docker version').output).toBe(
      'Client:\n Version:           28.2.2\n API version:       1.50\n Go version:        go1.24.3\n Git commit:        e6534b4\n Built:             Fri May 30 12:07:14 2025\n OS/Arch:           linux/amd64\n Context:           default\n\nServer: Docker Engine - Community\n Engine:\n  Version:          28.2.2\n  API version:      1.50 (minimum version 1.24)\n  Go version:       go1.24.3\n  Git commit:       45873be\n  Built:            Fri May 30 12:07:26 2025\n  OS/Arch:          linux/amd64\n  Experimental:     false\n containerd:\n  Version:          1.7.27\n  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da\n runc:\n  Version:          1.2.5\n  GitCommit:        v1.2.5-0-g59923ef\n docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0\n',
    );
    expect(run('docker info').output).toContain(' Storage Driver: overlay2\n');
    expect(run('docker info').output).toContain(' Cgroup Version: 1\n');
    expect(run('docker info').output).toContain(' splunk syslog\n CDI spec directories:\n  /etc/cdi\n  /var/run/cdi\n Swarm: inactive\n');
    expect(run('docker inspect ghost')).toMatchObject({ exitCode: 1, output: '[]\nError: No such object: ghost\n' });
  });
});
