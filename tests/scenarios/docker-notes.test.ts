/**
 * The notes' Docker sections (§2 basics, §3 images and registries, §5 storage, §6 namespaces and
 * cgroups) run in order on one lab: every command answers as Docker 28.2 does (exit codes here;
 * exact formats in tests/unit/runtime), including the notes' slips, and the whole transcript is
 * byte-identical when run twice.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../simulator/index.ts';

const SCRIPT: [string, number][] = [
  ['docker search httpd', 0],
  ['docker seach httpd', 1],
  ['docker create --name myhttpd httpd', 0],
  ['docker image ls', 0],
  ['docker images', 0],
  ['docker run -d -p 8080:80 httpd', 0],
  ['curl http://localhost:8080', 0],
  ['docker ps', 0],
  ['docker ps -a', 0],
  ['docker start myhttpd', 0],
  ['docker stop myhttpd', 0],
  ['docker restart myhttpd', 0],
  ['docker pause myhttpd', 0],
  ['docker unpause myhttpd', 0],
  ['docker kill myhttpd', 0],
  ['docker rm myhttpd', 0],
  ['docker ls', 1],
  ['docker container ls', 0],
  ['docker prune', 1],
  ['docker container prune -f', 0],
  ['docker run -itd --name c1 centos:7', 0],
  ['docker exec c1 ls /', 0],
  ['docker rm -f c1', 0],
  ['docker pull centos:7', 0],
  ['docker history centos:7', 0],
  ['docker run -d -p 1000:5000 -v /root/myregister/:/var/lib/registry registry', 0],
  ['docker tag httpd 127.0.0.1:1000/sxq/httpd:v12', 0],
  ['docke push 127.0.0.1:1000/sxq/httpd:v12', 127],
  ['docker push 127.0.0.1:1000/sxq/httpd:v12', 0],
  ['curl http://127.0.0.1:1000/v2/_catlog', 0],
  ['curl http://127.0.0.1:1000/v2/_catalog', 0],
  ['docker info', 0],
  ['docker volume create vol1', 0],
  ['docker volume ls', 0],
  ['docker run -d --name v1 -v vol1:/data busybox sleep 600', 0],
  ['docker run -d --name v2 --volumes-from v1 busybox sleep 600', 0],
  ['docker run -h hwhost -it centos:7', 0],
  ['hostname', 0],
  ['exit', 0],
  ['docker run -d --name s1 --cpu-shares 512 progrium/stress --cpu 2', 0],
  ['docker run -d --name s2 --cpu-shares 2048 progrium/stress --cpu 2', 0],
  ['docker status', 1],
  ['docker stats --no-stream', 0],
  ['docker run -m 400M --memory-swap 450M centos:7 -dit /bin/bash', 127],
  ['docker run -dit -m 400M --memory-swap 450M centos:7 /bin/bash', 0],
  ['docker run -d -m 400Q centos:7', 125],
  ['docker run nginx:1.99', 125],
  ['docker swarm init', 1],
];

function transcript(seed: number): { text: string; codes: number[] } {
  const lab = createLab('docker', { seed });
  let text = '';
  const codes: number[] = [];
  for (const [line] of SCRIPT) {
    const r = lab.run(line);
    text += r.prompt + line + '\n' + r.output;
    codes.push(r.exitCode);
  }
  return { text, codes };
}

describe('the notes, §2–§6', () => {
  it('answers every command with the real exit code', () => {
    const { codes } = transcript(1);
    expect(SCRIPT.map(([line], i) => `${line} -> ${codes[i]}`)).toEqual(SCRIPT.map(([line, code]) => `${line} -> ${code}`));
  });

  it('is deterministic', () => {
    expect(transcript(3).text).toBe(transcript(3).text);
  });
});
