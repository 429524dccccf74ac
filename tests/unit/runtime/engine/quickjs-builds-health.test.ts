/**
 * Health checks, multi-stage builds and the typed inspect views give the same bytes natively and
 * inside the QuickJS sandbox (the builders and the template engine load there as parts).
 */
import { it } from 'vitest';
import { expectSameInQuickjs } from '../../../sandbox/fixtures.ts';

const SCRIPT = [
  'mkdir /w',
  'cd /w',
  'echo hello > hello.txt',
  `printf 'FROM busybox AS build\\nRUN mkdir /out && echo built > /out/app\\nCOPY hello.txt /out/\\nFROM scratch\\nCOPY --from=build /out /app\\nCMD ["/app/app"]\\n' > Dockerfile`,
  'docker build --progress=plain -t multi .',
  'DOCKER_BUILDKIT=0 docker build -t multi2 .',
  'docker history multi',
  `printf 'FROM busybox\\nHEALTHCHECK --interval=2s CMD test -e /etc/passwd\\nCMD ["sleep", "1000"]\\n' > Dockerfile`,
  'docker build -q -t hc .',
  'docker run -d --name hc hc',
  'sleep 5',
  'docker ps',
  "docker inspect -f '{{.State}} {{json .State.Health}}' hc",
  "docker inspect -f '{{.Config}}' hc",
  "docker image inspect -f '{{.Config}}' hc",
  'docker top ghost -o x=PID',
];

it('prints the same output natively and in QuickJS', () => expectSameInQuickjs(SCRIPT), 120_000);
