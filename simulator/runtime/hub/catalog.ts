/**
 * The images of the simulated Docker Hub, as data: each image's Dockerfile history (one entry per
 * instruction, with the size of the layer it made), its runtime config and the few files of its
 * root filesystem that the book's examples touch. Digests and ids are not written here: they are
 * computed from this content (hub/index.ts), so they are stable and consistent everywhere.
 */

/**
 * A file in a layer: text content (0644 root:root), text with its own mode and group, an executable
 * naming its program model, a symlink or a dir. A dir's `mtime` (RFC 3339) on `/` dates every file
 * of the layer, as the layer tarball's own times do (otherwise they carry the image's created time).
 */
export type FileSpec = string | { data: string; mode: number; gid?: number } | { prog: string } | { link: string } | { dir: true; mode?: number; mtime?: string };

export interface HistorySpec {
  /** The instruction as `docker history --no-trunc` shows it. */
  by: string;
  /** Bytes of the layer it made; omitted for metadata-only instructions (no layer). */
  size?: number;
  comment?: string;
  /** When the instruction ran (defaults to the image's created time). */
  at?: string;
  files?: Record<string, FileSpec>;
}

export interface ImageConfigSpec {
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  ExposedPorts?: string[];
  Volumes?: string[];
  StopSignal?: string;
  Labels?: Record<string, string>;
  User?: string;
}

export interface CatalogImage {
  /** Repository path on the hub (`library/httpd`). */
  repo: string;
  tags: string[];
  created: string;
  /** Base image history shared with other images (same layers, same digests). */
  base?: string;
  history: HistorySpec[];
  config: ImageConfigSpec;
}

export interface SearchEntry {
  name: string;
  description: string;
  stars: number;
  official: boolean;
}

import { alpineRoot, busyboxAccounts, busyboxRoot, centos7Release, centosRoot, debianAccountsWith, debianRoot } from './rootfs.ts';
import { parseRfc3339 } from '../../core/format.ts';
import { NGINX_CONF_LEGACY, NGINX_CONF_MODERN, NGINX_DEFAULT_CONF, NGINX_DEFAULT_CONF_LEGACY } from '../../programs/servers/nginx-conf.ts';
import { NGINX_PAGE_LEGACY, NGINX_PAGE_MODERN } from '../../programs/servers/nginx-pages.ts';

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const BUILDKIT = 'buildkit.dockerfile.v0';

/** The everyday tools a distribution layer carries, as executables with program models. */
function tools(dir: string, names: string[]): Record<string, FileSpec> {
  const out: Record<string, FileSpec> = {};
  for (const name of names) out[`${dir}/${name}`] = { prog: name };
  return out;
}

/** A busybox build's applets: its own wording where busybox differs from the GNU tools. */
function applets(dir: string, names: string[]): Record<string, FileSpec> {
  const own: Record<string, string> = { ls: 'busybox', cat: 'busybox', ps: 'busybox', ip: 'busybox', nslookup: 'busybox', uname: 'busybox', df: 'busybox', stat: 'busybox', rm: 'busybox', mkdir: 'busybox', cp: 'busybox', mv: 'busybox', head: 'busybox', tail: 'busybox', wc: 'busybox', touch: 'busybox', chmod: 'busybox', wget: 'busybox-wget', ping: 'busybox-ping', nc: 'busybox-nc', httpd: 'busybox-httpd', top: 'busybox-top' };
  const out: Record<string, FileSpec> = {};
  for (const name of names) out[`${dir}/${name}`] = { prog: own[name] ?? name };
  return out;
}

const COREUTILS = ['bash', 'cat', 'cp', 'date', 'echo', 'env', 'hostname', 'id', 'ls', 'mkdir', 'mv', 'rm', 'sleep', 'touch', 'uname', 'true', 'false', 'grep', 'head', 'tail', 'wc', 'ln', 'chmod', 'tee', 'dd', 'du', 'base64', 'seq', 'sha256sum', 'basename', 'dirname', 'readlink', 'rmdir', 'pwd', 'yes', 'tac', 'chown', 'chgrp', 'whoami', 'sort', 'uniq', 'cut', 'tr', 'printenv', 'stat', 'df', 'find', 'xargs', 'sed', 'awk'];
/** Package managers of Debian and Ubuntu images: there, but not simulated (unsimulated.ts). */
const APT = { '/usr/bin/apt': { prog: 'unsimulated' }, '/usr/bin/apt-get': { prog: 'unsimulated' }, '/usr/bin/dpkg': { prog: 'unsimulated' } };
/** procps-ng and util-linux tools every CentOS base image carries. */
const CENTOS_SYSTEM_TOOLS = ['kill', 'pkill', 'pgrep', 'nsenter', 'unshare'];

function osRelease(fields: Record<string, string>): string {
  return Object.entries(fields).map(([k, v]) => `${k}="${v}"`).join('\n') + '\n';
}

/** Base images: their layers are shared by everything built on them. */
export const BASES: Record<string, { created: string; history: HistorySpec[]; config: ImageConfigSpec }> = {
  'debian:bookworm-slim': {
    created: '2025-05-12T00:00:00Z',
    history: [
      {
        by: '# debian.sh --arch \'amd64\' out/ \'bookworm\' \'@1747008000\'',
        size: 74_813_436,
        comment: 'debuerreotype 0.15',
        files: {
          // debuerreotype builds at the snapshot's epoch (1747008000, day 20220), shadow's dates included.
          ...debianRoot(20220),
          ...tools('/usr/bin', COREUTILS),
          ...APT,
          '/bin': { link: 'usr/bin' },
          '/sbin': { link: 'usr/sbin' },
          '/usr/bin/sh': { prog: 'sh' },
          '/usr/bin/dash': { prog: 'sh' },
          '/etc/os-release': osRelease({ PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', NAME: 'Debian GNU/Linux', VERSION_ID: '12', VERSION: '12 (bookworm)', ID: 'debian' }),
          '/etc/debian_version': '12.11\n',
          '/etc/hostname': '',
          '/root': { dir: true, mode: 0o700 },
          '/tmp': { dir: true, mode: 0o1777 },
        },
      },
    ],
    config: { Env: [PATH_ENV], Cmd: ['bash'] },
  },
  'centos:7': {
    created: '2021-09-15T18:20:05.184694267Z',
    history: [
      {
        by: '/bin/sh -c #(nop) ADD file:b3ebbe8bd304723d43b7b44a6d990cd657b63d93d6a2a9293983a30bfc1dfa53 in / ',
        size: 204_187_133,
        at: '2021-09-15T18:20:04.574221245Z',
        files: {
          // The tarball ADDed here was built on 2020-11-13 (its build-date label; the 2021 ADD only
          // re-labelled it), so its files carry that day, not the 2021 push.
          '/': { dir: true, mode: 0o755, mtime: '2020-11-13T00:00:00Z' },
          ...centosRoot(7),
          ...tools('/usr/bin', [...COREUTILS, ...CENTOS_SYSTEM_TOOLS, 'ps', 'yum', 'ip', 'vi', 'top', 'true', 'false', 'grep', 'sed', 'awk', 'head', 'tail', 'wc', 'cut', 'tee', 'find', 'ln', 'chmod', 'useradd', 'whoami', 'df', 'free', 'mount', 'stat', 'tar', 'sort', 'uniq', 'tr', 'xargs', 'rpm', 'curl']),
          '/bin': { link: 'usr/bin' },
          '/sbin': { link: 'usr/sbin' },
          '/usr/bin/sh': { link: 'bash' },
          ...centos7Release(),
          '/etc/hostname': '',
          '/root': { dir: true, mode: 0o550 },
          '/tmp': { dir: true, mode: 0o1777 },
        },
      },
      { by: '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0 org.label-schema.name=CentOS Base Image org.label-schema.vendor=CentOS org.label-schema.license=GPLv2 org.label-schema.build-date=20201113 org.opencontainers.image.title=CentOS Base Image org.opencontainers.image.vendor=CentOS org.opencontainers.image.licenses=GPL-2.0-only org.opencontainers.image.created=2020-11-13 00:00:00+00:00', at: '2021-09-15T18:20:04.981508615Z' },
      { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/bash'],
      Labels: { 'org.label-schema.build-date': '20201113', 'org.label-schema.license': 'GPLv2', 'org.label-schema.name': 'CentOS Base Image', 'org.label-schema.schema-version': '1.0', 'org.label-schema.vendor': 'CentOS', 'org.opencontainers.image.created': '2020-11-13 00:00:00+00:00', 'org.opencontainers.image.licenses': 'GPL-2.0-only', 'org.opencontainers.image.title': 'CentOS Base Image', 'org.opencontainers.image.vendor': 'CentOS' },
    },
  },
  'alpine:3.21': {
    created: '2025-02-14T03:28:36Z',
    history: [
      {
        by: 'ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit',
        size: 7_834_624,
        comment: BUILDKIT,
        files: {
          ...alpineRoot(),
          '/bin/busybox': { prog: 'busybox' },
          '/bin/sh': { prog: 'sh' },
          '/sbin/apk': { prog: 'unsimulated' },
          // busybox's applets where Alpine's busybox installs them.
          ...applets('/bin', ['cat', 'chmod', 'chown', 'cp', 'date', 'dd', 'df', 'echo', 'false', 'grep', 'hostname', 'kill', 'ln', 'ls', 'mkdir', 'mount', 'mv', 'ps', 'pwd', 'rm', 'rmdir', 'sed', 'sleep', 'stat', 'tar', 'touch', 'true', 'uname']),
          ...applets('/usr/bin', ['awk', 'base64', 'basename', 'cut', 'dirname', 'du', 'env', 'find', 'free', 'head', 'id', 'nc', 'nslookup', 'printenv', 'seq', 'sort', 'tail', 'tee', 'top', 'tr', 'uniq', 'wc', 'wget', 'which', 'whoami', 'xargs', 'yes']),
          ...applets('/sbin', ['ip', 'ifconfig', 'route']),
          '/bin/ping': { prog: 'busybox-ping' },
          '/etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
          '/etc/alpine-release': '3.21.3\n',
          '/root': { dir: true, mode: 0o700 },
          '/tmp': { dir: true, mode: 0o1777 },
        },
      },
      { by: 'CMD ["/bin/sh"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV], Cmd: ['/bin/sh'] },
  },
};

const HTTPD_ENV = ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2'];

function httpd(version: string, created: string, sizes: [number, number, number], tags: string[]): CatalogImage {
  return {
    repo: 'library/httpd',
    tags,
    created,
    base: 'debian:bookworm-slim',
    history: [
      { by: 'ENV HTTPD_PREFIX=/usr/local/apache2', comment: BUILDKIT },
      { by: 'ENV PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX" \t&& chown www-data:www-data "$HTTPD_PREFIX" # buildkit', size: 0, comment: BUILDKIT, files: { '/usr/local/apache2': { dir: true } } },
      { by: 'WORKDIR /usr/local/apache2', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tlibaprutil1-ldap \t\tlibldap-common \t; \trm -rf /var/lib/apt/lists/* # buildkit', size: sizes[0], comment: BUILDKIT },
      { by: `ENV HTTPD_VERSION=${version}`, comment: BUILDKIT },
      { by: 'ENV HTTPD_SHA256=fa16d72a078210a54c47dd5bef2f8b9b8a01d94909a51453956b3ec6442ea4c5', comment: BUILDKIT },
      { by: 'ENV HTTPD_PATCHES=', comment: BUILDKIT },
      {
        by: 'RUN /bin/sh -c set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tbzip2 \t\tdpkg-dev \t\tgcc \t\tlibapr1-dev \t\tlibaprutil1-dev \t\tlibbrotli-dev \t\tlibcurl4-openssl-dev \t\tlibjansson-dev \t\tliblua5.2-dev \t\tlibnghttp2-dev \t\tlibpcre2-dev \t\tlibssl-dev \t\tlibxml2-dev \t\tmake \t\twget \t\tzlib1g-dev \t; \trm -r /var/lib/apt/lists/*; \t\tddist() { \t\tlocal f="$1"; shift; \t\tlocal distFile="$1"; shift; \t\tlocal success=; \t\tlocal distUrl=; \t\tfor distUrl in \t\t\t\'https://www.apache.org/dyn/closer.cgi?action=download&filename=\' \t\t\thttps://downloads.apache.org/ \t\t\thttps://www-us.apache.org/dist/ \t\t\thttps://www.apache.org/dist/ \t\t\thttps://archive.apache.org/dist/ \t\t; do \t\t\tif wget -O "$f" "$distUrl$distFile" && [ -s "$f" ]; then \t\t\t\tsuccess=1; \t\t\t\tbreak; \t\t\tfi; \t\tdone; \t\t[ -n "$success" ]; \t}; \t\tddist \'httpd.tar.bz2\' "httpd/httpd-$HTTPD_VERSION.tar.bz2"; \t./configure --build="$gnuArch" --prefix="$HTTPD_PREFIX" --enable-mods-shared=reallyall --enable-mpms-shared=all; \tmake -j "$(nproc)"; \tmake install; \t\thttpd -v # buildkit',
        size: sizes[1],
        comment: BUILDKIT,
        files: {
          '/usr/local/apache2/bin/httpd': { prog: 'httpd' },
          '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n',
          '/usr/local/apache2/conf/httpd.conf': 'ServerRoot "/usr/local/apache2"\nListen 80\nUser www-data\nGroup www-data\nDocumentRoot "/usr/local/apache2/htdocs"\nErrorLog /proc/self/fd/2\nCustomLog /proc/self/fd/1 common\n',
          '/usr/local/apache2/logs': { dir: true },
        },
      },
      { by: 'STOPSIGNAL SIGWINCH', comment: BUILDKIT },
      { by: 'COPY httpd-foreground /usr/local/bin/ # buildkit', size: sizes[2], comment: BUILDKIT, files: { '/usr/local/bin/httpd-foreground': { prog: 'httpd' } } },
      { by: 'EXPOSE map[80/tcp:{}]', comment: BUILDKIT },
      { by: 'CMD ["httpd-foreground"]', comment: BUILDKIT },
    ],
    config: { Env: [...HTTPD_ENV, `HTTPD_VERSION=${version}`, 'HTTPD_SHA256=fa16d72a078210a54c47dd5bef2f8b9b8a01d94909a51453956b3ec6442ea4c5', 'HTTPD_PATCHES='], Cmd: ['httpd-foreground'], WorkingDir: '/usr/local/apache2', ExposedPorts: ['80/tcp'], StopSignal: 'SIGWINCH' },
  };
}

/** What the nginx.org package installs, with the configuration of its time. */
function nginxFiles(legacy: boolean): Record<string, FileSpec> {
  return {
    '/usr/sbin/nginx': { prog: 'nginx' },
    '/usr/share/nginx/html/index.html': legacy ? NGINX_PAGE_LEGACY : NGINX_PAGE_MODERN,
    '/etc/nginx/nginx.conf': legacy ? NGINX_CONF_LEGACY : NGINX_CONF_MODERN,
    '/etc/nginx/conf.d/default.conf': legacy ? NGINX_DEFAULT_CONF_LEGACY : NGINX_DEFAULT_CONF,
    '/var/log/nginx': { dir: true },
  };
}

function nginxModern(version: string, created: string, tags: string[]): CatalogImage {
  return {
    repo: 'library/nginx',
    tags,
    created,
    base: 'debian:bookworm-slim',
    history: [
      { by: 'LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>', comment: BUILDKIT },
      { by: `ENV NGINX_VERSION=${version}`, comment: BUILDKIT },
      { by: 'ENV NJS_VERSION=0.8.10', comment: BUILDKIT },
      { by: 'ENV NJS_RELEASE=1~bookworm', comment: BUILDKIT },
      { by: 'ENV PKG_RELEASE=1~bookworm', comment: BUILDKIT },
      { by: 'ENV DYNPKG_RELEASE=1~bookworm', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl     && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list # buildkit', size: 117_446_843, comment: BUILDKIT, files: { ...nginxFiles(false), ...debianAccountsWith('nginx:x:101:101:nginx user:/nonexistent:/bin/false', 'nginx:x:101:', 20220, Math.floor(parseRfc3339(created) / 86_400_000)) } },
      { by: 'COPY docker-entrypoint.sh / # buildkit', size: 1620, comment: BUILDKIT, files: { '/docker-entrypoint.sh': { prog: 'nginx-entrypoint' } } },
      { by: 'COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit', size: 2125, comment: BUILDKIT, files: { '/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh': { prog: 'sh' } } },
      { by: 'COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit', size: 336, comment: BUILDKIT, files: { '/docker-entrypoint.d/15-local-resolvers.envsh': { prog: 'sh' } } },
      { by: 'COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit', size: 3018, comment: BUILDKIT, files: { '/docker-entrypoint.d/20-envsubst-on-templates.sh': { prog: 'sh' } } },
      { by: 'COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit', size: 4779, comment: BUILDKIT, files: { '/docker-entrypoint.d/30-tune-worker-processes.sh': { prog: 'sh' } } },
      { by: 'ENTRYPOINT ["/docker-entrypoint.sh"]', comment: BUILDKIT },
      { by: 'EXPOSE map[80/tcp:{}]', comment: BUILDKIT },
      { by: 'STOPSIGNAL SIGQUIT', comment: BUILDKIT },
      { by: 'CMD ["nginx" "-g" "daemon off;"]', comment: BUILDKIT },
    ],
    config: {
      Env: [PATH_ENV, `NGINX_VERSION=${version}`, 'NJS_VERSION=0.8.10', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm', 'DYNPKG_RELEASE=1~bookworm'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      ExposedPorts: ['80/tcp'],
      StopSignal: 'SIGQUIT',
      Labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
    },
  };
}

/** A 2015-era nginx image built with the classic builder (every instruction a `#(nop)` line). */
function nginxLegacy(version: string, created: string, size: number, tags: string[]): CatalogImage {
  return {
    repo: 'library/nginx',
    tags,
    created,
    history: [
      { by: '/bin/sh -c #(nop) ADD file:b908886c97e2b96665b7afc54ff53ebaef1c62896cf83a1199ac2ed5d2c68a33 in /', size: Math.round(size * 0.55), at: '2015-01-06T18:39:31.146396096Z', files: { ...tools('/bin', COREUTILS), '/bin/sh': { prog: 'sh' }, '/etc/os-release': osRelease({ PRETTY_NAME: 'Debian GNU/Linux 7 (wheezy)', NAME: 'Debian GNU/Linux', VERSION_ID: '7', VERSION: '7 (wheezy)', ID: 'debian' }), '/tmp': { dir: true, mode: 0o1777 } } },
      { by: '/bin/sh -c #(nop) CMD [/bin/bash]', at: '2015-01-06T18:39:31.776498658Z' },
      { by: '/bin/sh -c #(nop) MAINTAINER NGINX Docker Maintainers "docker-maint@nginx.com"' },
      { by: '/bin/sh -c apt-key adv --keyserver pgp.mit.edu --recv-keys 573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62', size: 1997 },
      { by: '/bin/sh -c echo "deb http://nginx.org/packages/mainline/debian/ wheezy nginx" >> /etc/apt/sources.list', size: 221 },
      { by: `/bin/sh -c #(nop) ENV NGINX_VERSION=${version}-1~wheezy` },
      { by: '/bin/sh -c apt-get update &&     apt-get install -y ca-certificates nginx=${NGINX_VERSION} &&     rm -rf /var/lib/apt/lists/*', size: Math.round(size * 0.45) - 2218, files: nginxFiles(true) },
      { by: '/bin/sh -c ln -sf /dev/stdout /var/log/nginx/access.log', size: 0 },
      { by: '/bin/sh -c ln -sf /dev/stderr /var/log/nginx/error.log', size: 0 },
      { by: '/bin/sh -c #(nop) VOLUME [/var/cache/nginx]' },
      { by: '/bin/sh -c #(nop) EXPOSE map[80/tcp:{} 443/tcp:{}]' },
      { by: '/bin/sh -c #(nop) CMD [nginx -g daemon off;]' },
    ],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `NGINX_VERSION=${version}-1~wheezy`], Cmd: ['nginx', '-g', 'daemon off;'], ExposedPorts: ['443/tcp', '80/tcp'], Volumes: ['/var/cache/nginx'] },
  };
}

export const CATALOG: CatalogImage[] = [
  httpd('2.4.63', '2025-04-29T22:01:18Z', [5_214_560, 62_953_094, 138], ['latest', '2', '2.4', '2.4.63', 'bookworm']),
  httpd('2.4.62', '2024-11-12T03:47:34Z', [5_201_312, 62_841_507, 138], ['2.4.62']),
  nginxModern('1.27.5', '2025-04-16T12:18:24Z', ['latest', '1', '1.27', '1.27.5', 'mainline', 'bookworm']),
  nginxLegacy('1.9.1', '2015-06-02T21:57:51.331282117Z', 132_836_495, ['1.9.1']),
  nginxLegacy('1.7.9', '2015-01-27T19:20:22.104402883Z', 91_664_170, ['1.7.9']),
  {
    repo: 'library/centos',
    tags: ['7', 'centos7', '7.9.2009'],
    created: '2021-09-15T18:20:05.184694267Z',
    base: 'centos:7',
    history: [],
    config: {},
  },
  {
    repo: 'library/centos',
    tags: ['latest', '8', 'centos8'],
    created: '2021-09-15T18:20:23.99863383Z',
    history: [
      { by: '/bin/sh -c #(nop) ADD file:805cb5e15fb6e0bb0326ca33fd2942e068863ce2a8491bb71522c652f31fb466 in / ', size: 231_268_856, at: '2021-09-15T18:20:23.147658419Z', files: { ...centosRoot(8), ...tools('/usr/bin', [...COREUTILS, ...CENTOS_SYSTEM_TOOLS, 'ps', 'yum', 'dnf', 'ip']), '/bin': { link: 'usr/bin' }, '/usr/bin/sh': { link: 'bash' }, '/etc/os-release': osRelease({ NAME: 'CentOS Linux', VERSION: '8', ID: 'centos', VERSION_ID: '8', PRETTY_NAME: 'CentOS Linux 8' }), '/etc/centos-release': 'CentOS Linux release 8.4.2105\n', '/tmp': { dir: true, mode: 0o1777 } } },
      { by: '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0 org.label-schema.name=CentOS Base Image org.label-schema.vendor=CentOS org.label-schema.license=GPLv2 org.label-schema.build-date=20210915', at: '2021-09-15T18:20:23.66561897Z' },
      { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/bash'], Labels: { 'org.label-schema.build-date': '20210915', 'org.label-schema.license': 'GPLv2', 'org.label-schema.name': 'CentOS Base Image', 'org.label-schema.schema-version': '1.0', 'org.label-schema.vendor': 'CentOS' } },
  },
  {
    repo: 'library/hello-world',
    tags: ['latest', 'linux'],
    created: '2025-01-21T23:32:32Z',
    history: [
      { by: 'COPY hello / # buildkit', size: 10_072, comment: BUILDKIT, files: { '/hello': { prog: 'hello' } } },
      { by: 'CMD ["/hello"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV], Cmd: ['/hello'] },
  },
  {
    repo: 'library/ubuntu',
    tags: ['latest', '24.04', 'noble'],
    created: '2025-05-29T04:21:01.971275965Z',
    history: [
      { by: '/bin/sh -c #(nop)  ARG RELEASE', at: '2025-05-29T04:20:59.390476489Z' },
      { by: '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH', at: '2025-05-29T04:20:59.425928067Z' },
      { by: '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu', at: '2025-05-29T04:20:59.461048974Z' },
      { by: '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=24.04', at: '2025-05-29T04:20:59.498669132Z' },
      { by: '/bin/sh -c #(nop) ADD file:598ca0108009b5c2e9e6f4fc4bd19a6bcd604fccb5b9376fac14a75522a5cfa3 in / ', size: 78_104_353, at: '2025-05-29T04:21:01.6157017Z', files: { ...debianRoot(20237 /* 2025-05-29, the build's day */, true), ...tools('/usr/bin', [...COREUTILS, 'ps']), ...APT, '/bin': { link: 'usr/bin' }, '/usr/bin/sh': { prog: 'sh' }, '/etc/os-release': osRelease({ PRETTY_NAME: 'Ubuntu 24.04.2 LTS', NAME: 'Ubuntu', VERSION_ID: '24.04', VERSION: '24.04.2 LTS (Noble Numbat)', ID: 'ubuntu' }), '/root': { dir: true, mode: 0o700 }, '/tmp': { dir: true, mode: 0o1777 } } },
      { by: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
    config: { Env: [PATH_ENV], Cmd: ['/bin/bash'], Labels: { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': '24.04' } },
  },
  {
    repo: 'library/busybox',
    tags: ['latest', '1', '1.37', '1.37.0', 'glibc'],
    created: '2024-09-26T21:31:42Z',
    history: [
      { by: 'BusyBox 1.37.0 (glibc), Debian 12', size: 4_277_910, comment: 'busybox 1.37.0', files: { ...busyboxRoot(), ...applets('/bin', ['awk', 'basename', 'busybox', 'cat', 'chmod', 'cp', 'cut', 'date', 'df', 'dirname', 'du', 'echo', 'env', 'false', 'find', 'free', 'grep', 'head', 'hostname', 'httpd', 'id', 'ip', 'kill', 'ln', 'ls', 'mkdir', 'mount', 'mv', 'nslookup', 'ping', 'printenv', 'ps', 'rm', 'sed', 'seq', 'sleep', 'sort', 'stat', 'tail', 'tee', 'top', 'touch', 'tr', 'true', 'uname', 'uniq', 'wc', 'wget', 'which', 'whoami', 'xargs', 'yes']), '/bin/ping': { prog: 'busybox-ping' }, '/bin/httpd': { prog: 'busybox-httpd' }, '/bin/nc': { prog: 'busybox-nc' }, '/bin/sh': { prog: 'sh' }, '/root': { dir: true, mode: 0o700 }, '/tmp': { dir: true, mode: 0o1777 } } },
      { by: 'CMD ["sh"]', comment: BUILDKIT },
    ],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
  },
  {
    repo: 'library/busybox',
    tags: ['1.28.3', '1.28'],
    created: '2018-05-22T23:03:46.384744271Z',
    history: [
      { by: '/bin/sh -c #(nop) ADD file:5e3a75ce6c6bdb8ab5bc6b3e6d0a6cefa7d2bb8d6d5b3c1e1c6e4f3b3b6a1f2e in / ', size: 1_146_369, at: '2018-05-22T23:03:46.181453823Z', files: { ...busyboxAccounts(), ...applets('/bin', ['busybox', 'cat', 'date', 'echo', 'env', 'hostname', 'id', 'ls', 'mkdir', 'ps', 'rm', 'sleep', 'top', 'touch', 'wget', 'ip', 'uname']), '/bin/nslookup': { prog: 'busybox-nslookup' }, '/bin/ping': { prog: 'busybox-ping' }, '/bin/nc': { prog: 'busybox-nc' }, '/bin/sh': { prog: 'sh' }, '/tmp': { dir: true, mode: 0o1777 } } },
      { by: '/bin/sh -c #(nop)  CMD ["sh"]' },
    ],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
  },
  { repo: 'library/alpine', tags: ['latest', '3', '3.21', '3.21.3'], created: '2025-02-14T03:28:36Z', base: 'alpine:3.21', history: [], config: {} },
  {
    repo: 'library/registry',
    tags: ['2', '2.8', '2.8.3'],
    created: '2023-10-02T18:46:37Z',
    base: 'alpine:3.21',
    history: [
      { by: 'RUN /bin/sh -c set -ex     && apk add --no-cache ca-certificates # buildkit', size: 713_624, comment: BUILDKIT },
      { by: 'COPY ./registry /bin/registry # buildkit', size: 16_837_720, comment: BUILDKIT, files: { '/bin/registry': { prog: 'registry' } } },
      { by: 'COPY ./config-example.yml /etc/docker/registry/config.yml # buildkit', size: 295, comment: BUILDKIT, files: { '/etc/docker/registry/config.yml': 'version: 0.1\nlog:\n  fields:\n    service: registry\nstorage:\n  cache:\n    blobdescriptor: inmemory\n  filesystem:\n    rootdirectory: /var/lib/registry\nhttp:\n  addr: :5000\n' } },
      { by: 'VOLUME [/var/lib/registry]', comment: BUILDKIT },
      { by: 'EXPOSE map[5000/tcp:{}]', comment: BUILDKIT },
      { by: 'COPY docker-entrypoint.sh /entrypoint.sh # buildkit', size: 155, comment: BUILDKIT, files: { '/entrypoint.sh': { prog: 'sh' } } },
      { by: 'ENTRYPOINT ["/entrypoint.sh"]', comment: BUILDKIT },
      { by: 'CMD ["/etc/docker/registry/config.yml"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV], Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/docker/registry/config.yml'], ExposedPorts: ['5000/tcp'], Volumes: ['/var/lib/registry'] },
  },
  {
    repo: 'library/registry',
    tags: ['latest', '3', '3.0', '3.0.0'],
    created: '2025-04-03T11:52:09Z',
    base: 'alpine:3.21',
    history: [
      { by: 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit', size: 719_872, comment: BUILDKIT },
      { by: 'COPY /etc/docker/registry/config.yml /etc/distribution/config.yml # buildkit', size: 286, comment: BUILDKIT, files: { '/etc/distribution/config.yml': 'version: 0.1\nlog:\n  fields:\n    service: registry\nstorage:\n  cache:\n    blobdescriptor: inmemory\n  filesystem:\n    rootdirectory: /var/lib/registry\nhttp:\n  addr: :5000\n' } },
      { by: 'COPY /usr/local/bin/registry /bin/registry # buildkit', size: 49_135_704, comment: BUILDKIT, files: { '/bin/registry': { prog: 'registry' } } },
      { by: 'VOLUME [/var/lib/registry]', comment: BUILDKIT },
      { by: 'EXPOSE map[5000/tcp:{}]', comment: BUILDKIT },
      { by: 'COPY --chmod=755 ./entrypoint.sh /entrypoint.sh # buildkit', size: 155, comment: BUILDKIT, files: { '/entrypoint.sh': { prog: 'sh' } } },
      { by: 'ENTRYPOINT ["/entrypoint.sh"]', comment: BUILDKIT },
      { by: 'CMD ["/etc/distribution/config.yml"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV], Entrypoint: ['/entrypoint.sh'], Cmd: ['/etc/distribution/config.yml'], ExposedPorts: ['5000/tcp'], Volumes: ['/var/lib/registry'] },
  },
  {
    repo: 'progrium/stress',
    tags: ['latest'],
    created: '2014-12-11T21:13:48.405063385Z',
    history: [
      { by: '/bin/sh -c #(nop) ADD file:8f997234193c2f5e1b53d1e0d40df1b92c9d1a8e8ecfa21da4dda2f8cc0e1d14 in /', size: 192_467_553, at: '2014-10-23T23:38:18.421734346Z', files: { ...tools('/bin', COREUTILS), '/bin/sh': { prog: 'sh' }, '/etc/os-release': osRelease({ NAME: 'Ubuntu', VERSION: '14.04.1 LTS, Trusty Tahr', ID: 'ubuntu', PRETTY_NAME: 'Ubuntu 14.04.1 LTS', VERSION_ID: '14.04' }), '/tmp': { dir: true, mode: 0o1777 } } },
      { by: '/bin/sh -c sed -i \'s/^#\\s*\\(deb.*universe\\)$/\\1/g\' /etc/apt/sources.list', size: 1895, at: '2014-10-23T23:38:21.191395093Z' },
      { by: '/bin/sh -c echo \'#!/bin/sh\' > /usr/sbin/policy-rc.d \t&& echo \'exit 101\' >> /usr/sbin/policy-rc.d', size: 194_533, at: '2014-10-23T23:38:22.882102958Z' },
      { by: '/bin/sh -c #(nop) CMD [/bin/bash]', at: '2014-10-23T23:38:23.191633558Z' },
      { by: '/bin/sh -c apt-get update && apt-get install -y stress', size: 89_567_302, files: { '/usr/bin/stress': { prog: 'stress' } } },
      { by: '/bin/sh -c #(nop) ENTRYPOINT [/usr/bin/stress --verbose]' },
      { by: '/bin/sh -c #(nop) CMD []' },
    ],
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Entrypoint: ['/usr/bin/stress', '--verbose'], Cmd: [] },
  },
  {
    repo: 'library/perl',
    tags: ['latest', '5', '5.40', '5.40.2'],
    created: '2025-05-13T17:12:46Z',
    base: 'debian:bookworm-slim',
    history: [
      { by: 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \trm -rf /var/lib/apt/lists/* # buildkit', size: 24_072_491, comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\tprocps \t; \trm -rf /var/lib/apt/lists/* # buildkit', size: 139_921_207, comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\tmake \t\tpatch \t\txz-utils \t\tzlib1g-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit', size: 586_154_720, comment: BUILDKIT },
      { by: 'LABEL maintainer=Peter Martini <PeterCMartini@GMail.com>, Zak B. Elep <zakame@cpan.org>', comment: BUILDKIT },
      { by: 'COPY *.patch /usr/src/perl/ # buildkit', size: 0, comment: BUILDKIT },
      { by: 'WORKDIR /usr/src/perl', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c true     && curl -fL https://www.cpan.org/src/5.0/perl-5.40.2.tar.xz -o perl-5.40.2.tar.xz     && ./Configure -Darchname=${gnuArch} -Duse64bitall -Dusethreads -Duseshrplib -Dvendorprefix=/usr/local -des     && make -j$(nproc)     && make install # buildkit', size: 65_880_432, comment: BUILDKIT, files: { '/usr/local/bin/perl': { prog: 'perl' }, '/usr/bin/perl': { prog: 'perl' } } },
      { by: 'WORKDIR /', comment: BUILDKIT },
      { by: 'CMD ["perl" "-de0"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV], Cmd: ['perl', '-de0'], WorkingDir: '/', Labels: { maintainer: 'Peter Martini <PeterCMartini@GMail.com>, Zak B. Elep <zakame@cpan.org>' } },
  },
  {
    repo: 'library/mysql',
    tags: ['latest', '9', '9.3', '9.3.0'],
    created: '2025-04-15T21:17:49Z',
    history: [
      { by: 'ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit', size: 117_463_108, comment: BUILDKIT, files: { ...tools('/usr/bin', COREUTILS), '/bin': { link: 'usr/bin' }, '/usr/bin/sh': { link: 'bash' }, '/etc/os-release': osRelease({ NAME: 'Oracle Linux Server', VERSION: '9.5', ID: 'ol', VERSION_ID: '9.5', PRETTY_NAME: 'Oracle Linux Server 9.5' }), '/tmp': { dir: true, mode: 0o1777 } } },
      { by: 'CMD ["/bin/bash"]', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eux; \tgroupadd --system --gid 999 mysql; \tuseradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql # buildkit', size: 2_410, comment: BUILDKIT },
      { by: 'ENV MYSQL_MAJOR=innovation', comment: BUILDKIT },
      { by: 'ENV MYSQL_VERSION=9.3.0-1.el9', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eu; \t. /etc/os-release; \t{ \t\techo \'[mysql-innovation-server-minimal]\'; \t} | tee /etc/yum.repos.d/mysql-community-minimal.repo; \tmicrodnf install -y "mysql-community-server-minimal-$MYSQL_VERSION"; \tmicrodnf clean all # buildkit', size: 547_125_904, comment: BUILDKIT, files: { '/usr/sbin/mysqld': { prog: 'mysqld' } } },
      { by: 'VOLUME [/var/lib/mysql]', comment: BUILDKIT },
      { by: 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', size: 17_962, comment: BUILDKIT, files: { '/usr/local/bin/docker-entrypoint.sh': { prog: 'mysqld' } } },
      { by: 'ENTRYPOINT ["docker-entrypoint.sh"]', comment: BUILDKIT },
      { by: 'EXPOSE map[3306/tcp:{} 33060/tcp:{}]', comment: BUILDKIT },
      { by: 'CMD ["mysqld"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV, 'MYSQL_MAJOR=innovation', 'MYSQL_VERSION=9.3.0-1.el9', 'MYSQL_SHELL_VERSION=9.3.0-1.el9'], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['mysqld'], ExposedPorts: ['3306/tcp', '33060/tcp'], Volumes: ['/var/lib/mysql'] },
  },
  {
    repo: 'library/redis',
    tags: ['latest', '8', '8.0', '8.0.2'],
    created: '2025-05-29T17:51:19Z',
    base: 'debian:bookworm-slim',
    history: [
      { by: 'RUN /bin/sh -c set -eux; \tgroupadd -r -g 999 redis; \tuseradd -r -g redis -u 999 redis # buildkit', size: 4_255, comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit', size: 1_734_106, comment: BUILDKIT },
      { by: 'ENV REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.0.2.tar.gz', comment: BUILDKIT },
      { by: 'RUN /bin/sh -c set -eux;     apt-get update;     apt-get install -y --no-install-recommends gcc make;     make -C /usr/src/redis -j "$(nproc)" all;     make -C /usr/src/redis install # buildkit', size: 60_541_930, comment: BUILDKIT, files: { '/usr/local/bin/redis-server': { prog: 'redis-server' }, '/usr/local/bin/redis-cli': { prog: 'redis-cli' } } },
      { by: 'RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit', size: 0, comment: BUILDKIT, files: { '/data': { dir: true } } },
      { by: 'VOLUME [/data]', comment: BUILDKIT },
      { by: 'WORKDIR /data', comment: BUILDKIT },
      { by: 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', size: 1_954, comment: BUILDKIT, files: { '/usr/local/bin/docker-entrypoint.sh': { prog: 'redis-server' } } },
      { by: 'ENTRYPOINT ["docker-entrypoint.sh"]', comment: BUILDKIT },
      { by: 'EXPOSE map[6379/tcp:{}]', comment: BUILDKIT },
      { by: 'CMD ["redis-server"]', comment: BUILDKIT },
    ],
    config: { Env: [PATH_ENV, 'REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.0.2.tar.gz'], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['redis-server'], WorkingDir: '/data', ExposedPorts: ['6379/tcp'], Volumes: ['/data'] },
  },
];

/** What `docker search` finds: the hub's index entries (stars as of the lab's date). */
export const SEARCH_INDEX: SearchEntry[] = [
  { name: 'httpd', description: 'The Apache HTTP Server Project', stars: 4920, official: true },
  { name: 'nginx', description: 'Official build of Nginx.', stars: 20763, official: true },
  { name: 'centos', description: 'DEPRECATED; The official build of CentOS.', stars: 7767, official: true },
  { name: 'ubuntu', description: 'Ubuntu is a Debian-based Linux operating system based on free software.', stars: 17639, official: true },
  { name: 'busybox', description: 'Busybox base image.', stars: 3430, official: true },
  { name: 'alpine', description: 'A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!', stars: 11343, official: true },
  { name: 'registry', description: 'Distribution implementation for storing and distributing of container images and artifacts', stars: 4249, official: true },
  { name: 'perl', description: 'Perl is a highly capable, feature-rich programming language with over 24 years of development.', stars: 1068, official: true },
  { name: 'mysql', description: 'MySQL is a widely used, open-source relational database management system (RDBMS).', stars: 15797, official: true },
  { name: 'redis', description: 'Redis is the world’s fastest data platform for caching, vector search, and NoSQL databases.', stars: 13176, official: true },
  { name: 'progrium/stress', description: '', stars: 52, official: false },
  { name: 'bitnami/apache', description: 'Bitnami container image for Apache', stars: 22, official: false },
  { name: 'ubuntu/apache2', description: 'Apache, a secure & extensible open-source HTTP server. Long-term tracks maintained by Canonical.', stars: 105, official: false },
  { name: 'centos/httpd-24-centos7', description: 'Platform for running Apache httpd 2.4 or building httpd-based application', stars: 47, official: false },
  { name: 'centos/httpd', description: '', stars: 36, official: false },
  { name: 'bitnami/nginx', description: 'Bitnami container image for NGINX', stars: 200, official: false },
  { name: 'ubuntu/nginx', description: 'Nginx, a high-performance reverse proxy & web server. Long-term tracks maintained by Canonical.', stars: 131, official: false },
  { name: 'centos/systemd', description: 'systemd enabled base container.', stars: 114, official: false },
  { name: 'alpine/git', description: 'A  simple git container running in alpine linux, especially for using git commands in Kubernetes.', stars: 249, official: false },
  { name: 'jgeusebroek/stress', description: '', stars: 0, official: false },
];
