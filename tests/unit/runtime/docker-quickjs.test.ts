/**
 * The docker runtime gives the same bytes natively and inside the QuickJS sandbox the page uses:
 * a tour of pull, run, ps, exec, an interactive shell, networks, inspect, stats, history, version,
 * info and search, compared command by command.
 */
import { it } from 'vitest';
import { expectSameInQuickjs } from '../../sandbox/fixtures.ts';

const SCRIPT = [
  'docker run -d --name web -p 8080:80 httpd',
  'curl -s localhost:8080',
  'docker ps -a',
  'docker images',
  'docker exec web ls',
  'docker run -it --name c7 centos:7',
  'ls /',
  'exit',
  'docker network create net2',
  'docker run -d --name b1 --network net2 busybox sleep 100',
  'docker inspect b1',
  'docker stats --no-stream',
  'docker history httpd',
  'docker version',
  'docker info',
  'docker search nginx',
];

it('prints the same output natively and in QuickJS', () => expectSameInQuickjs(SCRIPT), 120_000);
