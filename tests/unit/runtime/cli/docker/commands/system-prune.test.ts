/**
 * `docker system prune` and `docker system df -v`, in the layouts of the 28.2.2 client (its
 * confirmation template, the `Deleted ...:` sections and the 4-digit total; df -v checked against
 * `npm run serve`).
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';

describe('docker system prune', () => {
  it('asks first, listing what goes', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run('docker system prune -a --volumes');
    expect(r.output).toBe(
      'WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all anonymous volumes not used by at least one container\n  - all images without at least one container associated to them\n  - all build cache\n\nAre you sure you want to continue? [y/N] \n',
    );
    expect(r.exitCode).toBe(0);
  });

  it('with -f removes stopped containers, unused networks and dangling or all images', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run --name done busybox true');
    lab.run('docker run -d --name up busybox sleep 1000');
    lab.run('docker network create net2');
    lab.run('docker pull alpine');
    const id = lab.run('docker inspect -f {{.Id}} done').output.trim();
    const out = lab.run('docker system prune -a -f').output;
    expect(out.startsWith(`Deleted Containers:\n${id}\n\nDeleted Networks:\nnet2\n\nDeleted Images:\nuntagged: alpine:latest\nuntagged: alpine@sha256:`)).toBe(true);
    expect(out).toMatch(/\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d+(\.\d+)?MB\n$/);
    expect(lab.run('docker ps -a --format {{.Names}}').output).toBe('up\n');
    expect(lab.run('docker images --format {{.Repository}}').output).toBe('busybox\n');
  });

  it('says when there was nothing to remove', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker system prune -f').output).toBe('Total reclaimed space: 0B\n');
  });
});

describe('docker system df -v', () => {
  it('prints the images, containers, volumes and build cache tables', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name box -v data:/data busybox sleep 1000');
    const out = lab.run('docker system df -v').output;
    expect(out).toMatch(/^Images space usage:\n\nREPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {8}SIZE {6}SHARED SIZE {3}UNIQUE SIZE {3}CONTAINERS\nbusybox {6}latest /);
    expect(out).toMatch(/\n\nContainers space usage:\n\nCONTAINER ID {3}IMAGE {5}COMMAND {8}LOCAL VOLUMES {3}SIZE {6}CREATED +STATUS +NAMES\n[0-9a-f]{12} {3}busybox {3}"sleep 1000" {3}1 {15}0B {8}\d+ seconds ago +Up \d+ seconds +box\n/);
    expect(out).toContain('\n\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\ndata          1         0B\n');
    expect(out.endsWith('\nBuild cache usage: 0B\n\nCACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n')).toBe(true);
  });
});
