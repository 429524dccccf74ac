/**
 * Images made on the lab: the classic builder (client-side notices checked against the real 28.2.2
 * client, which prints them before contacting the daemon), docker cp both ways, save/load and
 * export/import through tar files on the VFS, and detaching from an attached container.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';
import { detachTerminal } from '../../../simulator/runtime/index.ts';

describe('docker build (classic builder)', () => {
  it('runs the steps, caches them, and tags the result', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/web/Dockerfile', 'FROM centos:7\nRUN echo building && mkdir -p /var/www/html\nCOPY index.html /var/www/html/\nEXPOSE 80\nCMD ["/bin/bash"]\n');
    lab.writeFile('/root/web/index.html', '<h1>built</h1>\n');
    lab.run('cd /root/web');
    const first = lab.run('DOCKER_BUILDKIT=0 docker build -t myweb:v1 .');
    expect(first.exitCode).toBe(0);
    expect(first.output.startsWith('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n            environment-variable.\n\nSending build context to Docker daemon  3.072kB\nStep 1/5 : FROM centos:7\n')).toBe(true);
    expect(first.output).toMatch(/Step 2\/5 : RUN echo building && mkdir -p \/var\/www\/html\n ---> Running in [0-9a-f]{12}\nbuilding\n ---> Removed intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\n/);
    expect(first.output).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged myweb:v1\n$/);
    const second = lab.run('DOCKER_BUILDKIT=0 docker build -t myweb:v2 .');
    expect(second.output).toContain('BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0');
    expect(second.output.match(/ ---> Using cache\n/g)).toHaveLength(4);
    expect(lab.run('docker run --rm myweb:v1 cat /var/www/html/index.html').output).toBe('<h1>built</h1>\n');
    expect(lab.run('DOCKER_BUILDKIT=0 docker build -t x /nope').output).toContain('unable to prepare context: path "/nope" not found\n');
    // A quiet classic build prints the notice (stderr) and then only the image id.
    expect(lab.run('DOCKER_BUILDKIT=0 docker build -q -t myweb:v3 . 2>/dev/null').output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });
});

describe('tar in and out', () => {
  it('copies files both ways with docker cp', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name web httpd');
    expect(lab.run('docker cp web:/usr/local/apache2/htdocs/index.html /root/').output).toBe('Successfully copied 2.05kB to /root/\n');
    expect(lab.readFile('/root/index.html')).toBe('<html><body><h1>It works!</h1></body></html>\n');
    lab.writeFile('/root/new.html', '<h1>new</h1>\n');
    // Docker 28 counts the bytes of the tar stream (512-byte header, padded data, 1 KiB trailer), 3 significant digits.
    expect(lab.run('docker cp /root/new.html web:/usr/local/apache2/htdocs/index.html').output).toBe('Successfully copied 2.05kB to web:/usr/local/apache2/htdocs/index.html\n');
    expect(lab.run('docker exec web cat htdocs/index.html').output).toBe('<h1>new</h1>\n');
    expect(lab.run('docker cp web:/nope /root/').output).toBe('Error response from daemon: Could not find the file /nope in container web\n');
  });

  it('saves, removes and loads an image; exports and imports a container', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull httpd');
    expect(lab.run('docker save httpd').output).toBe('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    lab.run('docker save httpd > /root/httpd.tar');
    lab.run('docker rmi httpd');
    expect(lab.run('docker load < /root/httpd.tar').output).toBe('Loaded image: httpd:latest\n');
    expect(lab.run('docker run --rm httpd cat /usr/local/apache2/htdocs/index.html').output).toBe('<html><body><h1>It works!</h1></body></html>\n');
    lab.run('docker run -d --name bb busybox sleep 100');
    lab.run('docker export bb > /root/bb.tar');
    expect(lab.run('docker import /root/bb.tar mybox:v1').output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(lab.run('docker run --rm mybox:v1 ls /bin/sh').output).toBe('/bin/sh\n');
  });
});

describe('detaching', () => {
  it('leaves the container running on Ctrl+P Ctrl+Q and exit in attach stops it', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -it --name c7 centos:7');
    expect(detachTerminal(lab.world)).toBe('read escape sequence\n');
    expect(lab.prompt()).toBe('[root@localhost ~]# ');
    expect(lab.run('docker ps --format "{{.Names}} {{.Status}}"').output).toBe('c7 Up 2 seconds\n');
    lab.run('docker attach c7');
    lab.run('exit');
    expect(lab.run('docker ps -a --format "{{.Names}} {{.State}}"').output).toBe('c7 exited\n');
    expect(detachTerminal(lab.world)).toBeUndefined();
  });
});
