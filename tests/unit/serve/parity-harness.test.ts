import { describe, expect, it } from 'vitest';
import { comparable, printsClientTime } from '../../parity/lab-pair.ts';
import { splitWords } from '../../parity/real-docker.ts';

describe('parity harness', () => {
  it('sends only plain, non-interactive docker commands to the real client', () => {
    expect(comparable('docker run -d -p 8080:80 httpd')).toBe(true);
    expect(comparable('docker run -dit centos')).toBe(true);
    expect(comparable('docker inspect --format {{.State.Pid}} web')).toBe(true);
    expect(comparable('docker run -it centos')).toBe(false);
    expect(comparable('docker run -h hwhost -it centos')).toBe(false);
    expect(comparable('docker exec -it web bash')).toBe(false);
    expect(comparable('docker attach web')).toBe(false);
    expect(comparable('docker inspect web | grep -i pid')).toBe(false);
    expect(comparable('docker save httpd > httpd.tar')).toBe(false);
    expect(comparable('curl localhost:8080')).toBe(false);
  });

  it('knows which commands print a time the client computes', () => {
    expect(printsClientTime('docker ps -a')).toBe(true);
    expect(printsClientTime('docker image history httpd')).toBe(true);
    expect(printsClientTime('docker ps -q')).toBe(false);
    expect(printsClientTime('docker rm web')).toBe(false);
  });

  it('splits words as bash does for quoted arguments', () => {
    expect(splitWords(`docker run busybox sh -c 'echo hi; exit 3' ""`)).toEqual(['docker', 'run', 'busybox', 'sh', '-c', 'echo hi; exit 3', '']);
  });
});
