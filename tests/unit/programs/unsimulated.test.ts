/** Package managers the images carry are there, and say plainly that they are not simulated. */
import { describe, expect, it } from 'vitest';
import { quiet, terminal } from './shell/helpers.ts';

describe('package managers in images', () => {
  it('apk, apt-get and dpkg are found and end with status 1 and a plain message', () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm alpine sh -c 'command -v apk; apk add curl; echo $?'`).out)).toBe("/sbin/apk\npodbook: 'apk' is not simulated\n1\n");
    expect(quiet(run(`docker run --rm ubuntu bash -c '/usr/bin/apt-get update; echo $?; dpkg -l; echo $?'`).out)).toBe("podbook: 'apt-get' is not simulated\n1\npodbook: 'dpkg' is not simulated\n1\n");
    const r = run('docker run --rm nginx apt-get install -y curl');
    expect(quiet(r.out)).toBe("podbook: 'apt-get' is not simulated\n");
    expect(r.code).toBe(1);
  });
});

describe('the everyday tools of images', () => {
  it('busybox and Alpine carry awk, seq, tr, sort and their kind; Debian-based images coreutils, findutils, sed and awk', () => {
    const { run } = terminal();
    expect(quiet(run(`docker run --rm busybox sh -c 'seq 3 | sort -r | tr "\\n" " "; echo "a b" | awk "{print \\$2}"'`).out)).toBe('3 2 1 b\n');
    expect(quiet(run(`docker run --rm alpine sh -c 'printf "b\\na\\nb\\n" | sort | uniq -c | xargs'`).out)).toBe('1 a 2 b\n');
    expect(quiet(run(`docker run --rm ubuntu bash -c 'whoami; echo x:y | cut -d: -f2; find / -maxdepth 1 -name tmp'`).out)).toBe('root\ny\n/tmp\n');
  });
});
