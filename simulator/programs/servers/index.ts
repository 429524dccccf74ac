/**
 * Program models of the servers group (name -> model, and name -> install path on a CentOS 7
 * host), and the services behind their listeners. Importing this module registers the services,
 * so a restored lab finds them again.
 *
 * The web servers and the registry are the simulator's servers part (simulator/lazy): here they
 * are stand-ins that load the part the first time one runs or serves a request.
 */
import type { HttpService } from '../../kernel/http.ts';
import { registerHttpService } from '../../kernel/net/services.ts';
import type { Program } from '../../kernel/types.ts';
import { part } from '../../lazy/index.ts';
import { registerReaper } from '../../kernel/hooks.ts';
import { inetd, telnetd } from './telnetd.ts';
import { dockerProxy } from './docker-proxy.ts';

const model = (name: string): Program => (ctx) => {
  const program = part('servers').programs()[name];
  if (!program) throw new Error(`the servers part has no program model ${name}`);
  return program(ctx);
};

// Listeners name their service; the names are the servers' own (HTTPD_SERVICE, NGINX_SERVICE...).
for (const name of ['httpd', 'nginx', 'registry', 'busybox-httpd']) {
  const service: HttpService = (req, world, host, conn) => {
    const serve = part('servers').services()[name];
    if (!serve) throw new Error(`the servers part has no service ${name}`);
    return serve(req, world, host, conn);
  };
  registerHttpService(name, service);
}

// The kernel asks whether a process reaps its children when the process starts, before its model
// has run: the servers that do say so here.
for (const prog of ['httpd', 'nginx']) registerReaper(prog);

const httpd = model('httpd');
const httpdChild = model('httpdChild');
const nginx = model('nginx');
const nginxWorker = model('nginxWorker');
const nginxEntrypoint = model('nginxEntrypoint');
const registry = model('registry');
const busyboxHttpd = model('busyboxHttpd');

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

export { addOutputSink, serverWrite, type OutputSink } from './output.ts';
