/** The hosts' and images' details (resolv.conf, shadow files, du, busybox top, ipvsadm) print the same in QuickJS. */
import { it } from 'vitest';
import { expectSameInQuickjs } from '../../sandbox/fixtures.ts';

const SCRIPT = [
  'cat /etc/resolv.conf',
  'ipvsadm -Ln',
  'yum install -y ipvsadm',
  'ipvsadm -Ln',
  'docker network create n1',
  'docker run --rm --network n1 busybox cat /etc/resolv.conf',
  'docker run --rm busybox cat /etc/resolv.conf',
  'docker run --rm centos:7 du -sh /',
  'docker run --rm centos:7 ls -l /etc',
  'docker run --rm alpine cat /etc/shadow',
  "docker run -d --name spin busybox sh -c 'while :; do :; done'",
  'sleep 3',
  'docker exec spin top -b -n 1',
];

it('prints the same output natively and in QuickJS', () => expectSameInQuickjs(SCRIPT), 180_000);
