/**
 * The configuration files the nginx images ship: the nginx.org packages' nginx.conf and
 * conf.d/default.conf. The modern package's default.conf has no IPv6 listen line: the image's
 * entrypoint adds it at start when the file is still the packaged one. The 2015 images carry
 * the Debian wheezy package of that time: one worker, and the error log at `warn`.
 */

const HTTP_BLOCK =
  'http {\n' +
  '    include       /etc/nginx/mime.types;\n' +
  '    default_type  application/octet-stream;\n\n' +
  "    log_format  main  '$remote_addr - $remote_user [$time_local] \"$request\" '\n" +
  "                      '$status $body_bytes_sent \"$http_referer\" '\n" +
  "                      '\"$http_user_agent\" \"$http_x_forwarded_for\"';\n\n" +
  '    access_log  /var/log/nginx/access.log  main;\n\n' +
  '    sendfile        on;\n' +
  '    #tcp_nopush     on;\n\n' +
  '    keepalive_timeout  65;\n\n' +
  '    #gzip  on;\n\n' +
  '    include /etc/nginx/conf.d/*.conf;\n' +
  '}\n';

function mainConf(workers: string, level: string, pid: string): string {
  return `user  nginx;\nworker_processes  ${workers};\n\nerror_log  /var/log/nginx/error.log ${level};\npid        ${pid};\n\n\nevents {\n    worker_connections  1024;\n}\n\n\n${HTTP_BLOCK}`;
}

export const NGINX_CONF_MODERN = mainConf('auto', 'notice', '/run/nginx.pid');
export const NGINX_CONF_LEGACY = mainConf('1', 'warn', '/var/run/nginx.pid');

const SERVER_TAIL =
  '    #error_page  404              /404.html;\n\n' +
  '    # redirect server error pages to the static page /50x.html\n    #\n' +
  '    error_page   500 502 503 504  /50x.html;\n' +
  '    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n\n' +
  '    # proxy the PHP scripts to Apache listening on 127.0.0.1:80\n    #\n' +
  '    #location ~ \\.php$ {\n    #    proxy_pass   http://127.0.0.1;\n    #}\n\n' +
  '    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000\n    #\n' +
  '    #location ~ \\.php$ {\n    #    root           html;\n    #    fastcgi_pass   127.0.0.1:9000;\n    #    fastcgi_index  index.php;\n' +
  '    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;\n    #    include        fastcgi_params;\n    #}\n\n' +
  "    # deny access to .htaccess files, if Apache's document root\n    # concurs with nginx's one\n    #\n" +
  '    #location ~ /\\.ht {\n    #    deny  all;\n    #}\n}\n';

const LOCATION_ROOT = '    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n';

/** conf.d/default.conf as the package installs it (before the entrypoint's IPv6 line). */
export const NGINX_DEFAULT_CONF = `server {\n    listen       80;\n    server_name  localhost;\n\n    #access_log  /var/log/nginx/host.access.log  main;\n\n${LOCATION_ROOT}${SERVER_TAIL}`;

export const NGINX_DEFAULT_CONF_LEGACY = `server {\n    listen       80;\n    server_name  localhost;\n\n    #charset koi8-r;\n    #access_log  /var/log/nginx/log/host.access.log  main;\n\n${LOCATION_ROOT}${SERVER_TAIL}`;

/** What the entrypoint's sed makes of the packaged file's listen line. */
export function withIpv6Listen(conf: string): string {
  return conf.replace(/listen {7}80;/g, 'listen       80;\n    listen  [::]:80;');
}
