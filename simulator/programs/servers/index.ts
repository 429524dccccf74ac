/**
 * Program models of the servers group (name -> model, and name -> install path on a CentOS 7
 * host), and the services behind their listeners. Importing this module registers the services,
 * so a restored lab finds them again.
 */
import { registerHttpService } from '../../kernel/net/services.ts';
import type { Program } from '../../kernel/types.ts';
import { HTTPD_SERVICE, httpd, httpdChild, httpdService } from './httpd.ts';
import { NGINX_SERVICE, nginx, nginxService, nginxWorker } from './nginx.ts';
import { nginxEntrypoint } from './nginx-entrypoint.ts';
import { REGISTRY_SERVICE, registry, registryService } from './registry.ts';
import { inetd, telnetd } from './telnetd.ts';
import { dockerProxy } from './docker-proxy.ts';
import { BUSYBOX_HTTPD_SERVICE, busyboxHttpd, busyboxHttpdService } from './busybox-httpd.ts';

registerHttpService(HTTPD_SERVICE, httpdService);
registerHttpService(NGINX_SERVICE, nginxService);
registerHttpService(REGISTRY_SERVICE, registryService);
registerHttpService(BUSYBOX_HTTPD_SERVICE, busyboxHttpdService);

export const PROGRAMS: Record<string, Program> = {
  httpd,
  'httpd-child': httpdChild,
  nginx,
  'nginx-worker': nginxWorker,
  'nginx-entrypoint': nginxEntrypoint,
  registry,
  telnetd,
  inetd,
  'docker-proxy': dockerProxy,
  'busybox-httpd': busyboxHttpd,
};

/** Where a CentOS 7 host has them once installed (`yum install httpd nginx telnet-server xinetd`). */
export const INSTALL_PATHS: Record<string, string> = {};

/** Programs whose process keeps running after its model returns (servers): the engine keeps PID 1 alive. */
export const DAEMONS: ReadonlySet<string> = new Set(['httpd', 'httpd-child', 'nginx', 'nginx-worker', 'registry', 'telnetd', 'inetd', 'docker-proxy']);

export { HTTPD_DEFAULT_PAGE } from './httpd.ts';
export { NGINX_PAGE_LEGACY, NGINX_PAGE_MODERN, nginxDefaultPage } from './nginx.ts';
export { RegistryStore, REGISTRY_ROOT } from './registry-store.ts';
export { SIZE_HEADER } from './registry.ts';
export { addOutputSink, serverWrite, type OutputSink } from './output.ts';
