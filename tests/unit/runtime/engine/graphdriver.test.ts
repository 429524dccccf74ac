/**
 * The overlay2 directories on the host: a container's writable layer is the `diff` that
 * `docker inspect` names as UpperDir, `merged` is its root while it runs (and `mount` lists that
 * overlay mount), `lower`/`link` files and the `l/` short names tie the layers together.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

describe('overlay2 on the host', () => {
  it('shows what a container wrote under its UpperDir, and the merged view while it runs', () => {
    const { run } = terminal();
    run('docker run -dit --name cow centos:7 /bin/bash');
    run("docker exec cow sh -c 'echo hello > /tmp/note.txt; echo app:x:1000:1000::/home/app:/bin/bash >> /etc/passwd'");
    const upper = run("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' cow").out.trim();
    const dir = upper.replace(/\/diff$/, '');
    expect(upper).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff$/);
    expect(run(`cat ${upper}/tmp/note.txt`).out).toBe('hello\n');
    expect(run(`ls ${upper} ${upper}/etc`).out).toBe(`${upper}:\netc  tmp\n\n${upper}/etc:\npasswd\n`);
    expect(run(`ls ${dir}`).out).toBe('diff  link  lower  merged  work\n');
    expect(run(`cat ${dir}/merged/etc/centos-release`).code).toBe(0);
    expect(run(`cat ${dir}/merged/tmp/note.txt`).out).toBe('hello\n');
    // Writes through the host's view of the upper land in the container.
    run(`echo from-host > ${upper}/tmp/host.txt`);
    expect(run('docker exec cow cat /tmp/host.txt').out).toBe('from-host\n');

    const lowerDirs = run("docker inspect -f '{{.GraphDriver.Data.LowerDir}}' cow").out.trim().split(':');
    expect(lowerDirs[0]).toBe(`${dir}-init/diff`);
    const links = run(`cat ${dir}/lower`).out.split(':');
    expect(links[0]).toBe(`l/${run(`cat ${dir}-init/link`).out}`);
    expect(run(`readlink /var/lib/docker/overlay2/${links[0]}`).out).toBe(`../${dir.split('/').pop()}-init/diff\n`);
    expect(run(`ls ${lowerDirs[1]}/etc/centos-release`).code).toBe(0);
    expect(run(`ls -A ${dir}-init/diff`).out).toBe('dev  .dockerenv  etc  proc  sys\n');

    const mountLine = run('mount | grep overlay').out;
    const lowerOpt = links.map((l) => `/var/lib/docker/overlay2/${l.trim()}`).join(':');
    expect(mountLine).toBe(`overlay on ${dir}/merged type overlay (rw,relatime,lowerdir=${lowerOpt},upperdir=${upper},workdir=${dir}/work)\n`);
    expect(run('docker exec cow head -1 /proc/mounts').out).toBe(`overlay / overlay rw,relatime,lowerdir=${lowerOpt},upperdir=${upper},workdir=${dir}/work 0 0\n`);
    // Only the merged overlay is a mount on a real host: the layer directories are plain directories.
    expect(run('grep -c docker /proc/mounts').out).toBe('1\n');
  });

  it('unmounts merged at stop, keeps the layer until rm, then removes it with its short names', () => {
    const { run } = terminal();
    run('docker run -dit --name cow centos:7 /bin/bash');
    run("docker exec cow touch /kept");
    const dir = run("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' cow").out.trim().replace(/\/diff$/, '');
    run('docker stop cow');
    expect(run('mount | grep -c overlay')).toEqual({ out: '0\n', code: 1 });
    expect(run(`ls ${dir}/merged`).out).toBe('');
    expect(run(`ls ${dir}/diff`).out).toBe('kept\n');
    const link = run(`cat ${dir}/link`).out;
    run('docker rm cow');
    expect(run(`ls ${dir}`).code).toBe(2);
    expect(run(`ls /var/lib/docker/overlay2/l/${link}`).code).toBe(2);
    // The image's layer stays, with its files.
    expect(run('ls /var/lib/docker/overlay2 | wc -l').out).toBe('2\n');
  });
});

describe('image layer directories', () => {
  it('are published with link, lower, committed and work, and removed on request', async () => {
    const { lab, run } = terminal();
    run('docker create --name web nginx');
    const { layerDirId, unpublishImageLayers } = await import('../../../../simulator/runtime/engine/graphdriver.ts');
    const layers = run("docker image inspect -f '{{json .RootFS.Layers}}' nginx").out;
    const diffIds = JSON.parse(layers) as string[];
    const [bottom, second] = diffIds.map((d) => `/var/lib/docker/overlay2/${layerDirId(d)}`) as [string, string];
    expect(run(`ls ${bottom}`).out).toBe('committed  diff  link\n');
    expect(run(`ls ${second}`).out).toBe('committed  diff  link  lower  work\n');
    expect(run(`cat ${second}/lower`).out).toBe(`l/${run(`cat ${bottom}/link`).out}`);
    expect(run("docker image inspect -f '{{.GraphDriver.Data.UpperDir}}' nginx").out).toBe(`/var/lib/docker/overlay2/${layerDirId(diffIds[diffIds.length - 1] as string)}/diff\n`);
    unpublishImageLayers(lab.world.host('localhost'), diffIds);
    expect(run(`ls ${bottom}`).code).toBe(2);
  });
});

describe('image layers arrive and leave with the image', () => {
  const dirs = (run: (l: string) => { out: string }): string[] => run('ls -1 /var/lib/docker/overlay2').out.split('\n').filter((d) => d !== '' && d !== 'l');

  it('pull extracts every layer before any container exists; rmi removes the ones no other image uses', async () => {
    const { run } = terminal();
    const { layerDirId } = await import('../../../../simulator/runtime/engine/graphdriver.ts');
    expect(dirs(run)).toEqual([]);
    run('docker pull busybox');
    const busybox = JSON.parse(run("docker image inspect -f '{{json .RootFS.Layers}}' busybox").out) as string[];
    expect(dirs(run)).toEqual(busybox.map(layerDirId));
    expect(run(`ls /var/lib/docker/overlay2/${layerDirId(busybox[0]!)}/diff/bin/busybox`).code).toBe(0);
    run('docker pull nginx');
    const nginx = JSON.parse(run("docker image inspect -f '{{json .RootFS.Layers}}' nginx").out) as string[];
    expect(dirs(run).length).toBe(busybox.length + nginx.length);
    expect(run('ls /var/lib/docker/overlay2/l | wc -l').out).toBe(`${busybox.length + nginx.length}\n`);
    run('docker rmi nginx');
    expect(dirs(run)).toEqual(busybox.map(layerDirId));
    expect(run('ls /var/lib/docker/overlay2/l | wc -l').out).toBe(`${busybox.length}\n`);
    run('docker image prune -af');
    expect(dirs(run)).toEqual([]);
  });

  it('commit, import and load publish the new image layers', async () => {
    const { run } = terminal();
    const { layerDirId } = await import('../../../../simulator/runtime/engine/graphdriver.ts');
    run('docker run --name c1 busybox touch /made');
    run('docker commit c1 snap');
    const snap = JSON.parse(run("docker image inspect -f '{{json .RootFS.Layers}}' snap").out) as string[];
    expect(run(`ls /var/lib/docker/overlay2/${layerDirId(snap.at(-1)!)}/diff`).out).toBe('made\n');
    run('docker export c1 > c1.tar');
    run('docker import c1.tar flat');
    const flat = JSON.parse(run("docker image inspect -f '{{json .RootFS.Layers}}' flat").out) as string[];
    expect(run(`ls /var/lib/docker/overlay2/${layerDirId(flat[0]!)}/diff/made`).code).toBe(0);
    run('docker save -o snap.tar snap');
    run('docker rm c1');
    run('docker rmi snap flat busybox');
    expect(dirs(run)).toEqual([]);
    run('docker load -i snap.tar');
    expect(dirs(run).sort()).toEqual(snap.map(layerDirId).sort());
  });
});
