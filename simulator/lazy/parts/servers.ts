/**
 * The web servers (httpd, nginx, busybox httpd) and the registry: loaded the first time a lab runs
 * one or one of their listeners gets a request (programs/servers/index.ts holds the stand-ins).
 */
import type { HttpService } from '../../kernel/http.ts';
import type { Program } from '../../kernel/types.ts';
import { BUSYBOX_HTTPD_SERVICE, busyboxHttpd, busyboxHttpdService } from '../../programs/servers/busybox-httpd.ts';
import { HTTPD_SERVICE, httpd, httpdChild, httpdService } from '../../programs/servers/httpd.ts';
import { NGINX_SERVICE, nginx, nginxService, nginxWorker } from '../../programs/servers/nginx.ts';
import { nginxEntrypoint } from '../../programs/servers/nginx-entrypoint.ts';
import { REGISTRY_SERVICE, registry, registryService } from '../../programs/servers/registry.ts';

let programTable: Record<string, Program> | undefined;
let serviceTable: Record<string, HttpService> | undefined;

/** The models by the name their stand-ins ask for; built on first use, once. */
export function programs(): Record<string, Program> {
  return (programTable ??= { httpd, httpdChild, nginx, nginxWorker, nginxEntrypoint, registry, busyboxHttpd });
}

export function services(): Record<string, HttpService> {
  return (serviceTable ??= { [HTTPD_SERVICE]: httpdService, [NGINX_SERVICE]: nginxService, [REGISTRY_SERVICE]: registryService, [BUSYBOX_HTTPD_SERVICE]: busyboxHttpdService });
}
