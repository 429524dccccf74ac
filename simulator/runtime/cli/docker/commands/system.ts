/**
 * `docker version` and `docker info`, laid out as the 28.2.2 client prints them (checked by
 * running the real client against this engine).
 */
import { bytesSize } from '../../../../core/format.ts';
import { str, type Command } from '../command.ts';
import { executeTemplate } from '../format/render.ts';

export const CLIENT_VERSION = '28.2.2';
export const CLIENT_COMMIT = 'e6534b4';
const CLIENT_BUILT = 'Fri May 30 12:07:14 2025';
const GO_VERSION = 'go1.24.3';
/** The API version this client speaks unless the daemon is older. */
const DEFAULT_API_VERSION = '1.50';

interface VersionJson {
  Platform: { Name: string };
  Components: { Name: string; Version: string; Details: Record<string, string> }[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  BuildTime: string;
}

/**
 * The template sees Go structs whose field `APIVersion` is spelled `ApiVersion` in JSON: the Go
 * name is added as a non-enumerable alias, so `{{json .}}` still prints the JSON key only.
 */
function goNamed<T extends { ApiVersion: string }>(value: T): T {
  Object.defineProperty(value, 'APIVersion', { value: value.ApiVersion, enumerable: false });
  return value;
}

function builtTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate())} ${m[4]} ${m[1]}`;
}

export const version: Command = {
  path: 'docker version',
  usage: 'docker version [OPTIONS]',
  flags: [{ long: 'format', short: 'f', type: 'string' }],
  args: { exact: 0 },
  run(ctx) {
    const client = `Client:\n Version:           ${CLIENT_VERSION}\n API version:       ${ctx.client.version}\n Go version:        ${GO_VERSION}\n Git commit:        ${CLIENT_COMMIT}\n Built:             ${CLIENT_BUILT}\n OS/Arch:           linux/amd64\n Context:           default\n`;
    let v: VersionJson;
    try {
      v = ctx.client.json<VersionJson>('GET', '/version');
    } catch (e) {
      ctx.io.stdout(client);
      throw e;
    }
    const format = str(ctx, 'format');
    if (format) {
      const clientInfo = { Version: CLIENT_VERSION, ApiVersion: ctx.client.version, DefaultAPIVersion: DEFAULT_API_VERSION, GitCommit: CLIENT_COMMIT, GoVersion: GO_VERSION, Os: 'linux', Arch: 'amd64', BuildTime: CLIENT_BUILT, Context: 'default' };
      const r = executeTemplate(format, { Client: goNamed(clientInfo), Server: goNamed({ ...v }) }, { name: 'version', rootType: 'system.versionInfo' });
      ctx.io.stdout(r.output + '\n');
      if (r.error === undefined) return 0;
      ctx.io.stderr(r.error + '\n');
      return 1;
    }
    let out = client + `\nServer: ${v.Platform.Name}\n`;
    for (const c of v.Components) {
      out += ` ${c.Name}:\n`;
      if (c.Name === 'Engine') {
        const d = c.Details;
        out += `  Version:          ${c.Version}\n  API version:      ${d['ApiVersion']} (minimum version ${d['MinAPIVersion']})\n  Go version:       ${d['GoVersion']}\n  Git commit:       ${d['GitCommit']}\n  Built:            ${builtTime(d['BuildTime'] ?? '')}\n  OS/Arch:          ${d['Os']}/${d['Arch']}\n  Experimental:     ${d['Experimental']}\n`;
      } else {
        out += `  Version:          ${c.Version}\n  GitCommit:        ${c.Details['GitCommit'] ?? ''}\n`;
      }
    }
    ctx.io.stdout(out);
    return 0;
  },
};

type Info = Record<string, unknown> & {
  DriverStatus: [string, string][];
  Plugins: { Volume: string[]; Network: string[]; Log: string[] };
  Runtimes: Record<string, unknown>;
  CDISpecDirs?: string[] | null;
  RegistryConfig: { InsecureRegistryCIDRs: string[] };
  SecurityOptions: string[];
  Warnings: string[] | null;
};

export const info: Command = {
  path: 'docker info',
  usage: 'docker info [OPTIONS]',
  flags: [{ long: 'format', short: 'f', type: 'string' }],
  args: { exact: 0 },
  run(ctx) {
    const format = str(ctx, 'format');
    // The lab's client is installed with the buildx plugin, as the docker-ce packages install it.
    const plugins = ' Plugins:\n  buildx: Docker Buildx (Docker Inc.)\n    Version:  v0.24.0\n    Path:     /usr/libexec/docker/cli-plugins/docker-buildx\n';
    const client = `Client:\n Version:    ${CLIENT_VERSION}\n Context:    default\n Debug Mode: false\n${plugins}\n`;
    let i: Info;
    try {
      i = ctx.client.json<Info>('GET', '/info');
    } catch (e) {
      if (!format) ctx.io.stdout(client + 'Server:\n');
      throw e;
    }
    if (format) {
      const r = executeTemplate(format, i, { rootType: 'system.dockerInfo' });
      ctx.io.stdout(r.output + '\n');
      if (r.error === undefined) return 0;
      ctx.io.stderr(r.error + '\n');
      return 1;
    }
    const security = i.SecurityOptions.flatMap((s) => {
      const parts = Object.fromEntries(s.split(',').map((kv) => kv.split('=') as [string, string]));
      return [`  ${parts['name']}`, ...(parts['profile'] ? [`   Profile: ${parts['profile']}`] : [])];
    });
    const lines = [
      'Server:',
      ` Containers: ${i['Containers']}`,
      `  Running: ${i['ContainersRunning']}`,
      `  Paused: ${i['ContainersPaused']}`,
      `  Stopped: ${i['ContainersStopped']}`,
      ` Images: ${i['Images']}`,
      ` Server Version: ${i['ServerVersion']}`,
      ` Storage Driver: ${i['Driver']}`,
      ...i.DriverStatus.map(([k, v]) => `  ${k}: ${v}`),
      ` Logging Driver: ${i['LoggingDriver']}`,
      ` Cgroup Driver: ${i['CgroupDriver']}`,
      ` Cgroup Version: ${i['CgroupVersion']}`,
      ' Plugins:',
      `  Volume: ${i.Plugins.Volume.join(' ')}`,
      `  Network: ${i.Plugins.Network.join(' ')}`,
      `  Log: ${i.Plugins.Log.join(' ')}`,
      ...(i.CDISpecDirs && i.CDISpecDirs.length > 0 ? [' CDI spec directories:', ...i.CDISpecDirs.map((d) => `  ${d}`)] : []),
      ' Swarm: inactive',
      ` Runtimes: ${Object.keys(i.Runtimes).sort().join(' ')}`,
      ` Default Runtime: ${i['DefaultRuntime']}`,
      ` Init Binary: ${i['InitBinary']}`,
      ` containerd version: ${(i['ContainerdCommit'] as { ID: string }).ID}`,
      ` runc version: ${(i['RuncCommit'] as { ID: string }).ID}`,
      ` init version: ${(i['InitCommit'] as { ID: string }).ID}`,
      ' Security Options:',
      ...security,
      ` Kernel Version: ${i['KernelVersion']}`,
      ` Operating System: ${i['OperatingSystem']}`,
      ` OSType: ${i['OSType']}`,
      ` Architecture: ${i['Architecture']}`,
      ` CPUs: ${i['NCPU']}`,
      ` Total Memory: ${bytesSize(i['MemTotal'] as number)}`,
      ` Name: ${i['Name']}`,
      ` ID: ${i['ID']}`,
      ` Docker Root Dir: ${i['DockerRootDir']}`,
      ` Debug Mode: ${i['Debug']}`,
      ` Experimental: ${i['ExperimentalBuild']}`,
      ' Insecure Registries:',
      ...i.RegistryConfig.InsecureRegistryCIDRs.map((c) => `  ${c}`),
      ` Live Restore Enabled: ${i['LiveRestoreEnabled']}`,
      '',
    ];
    ctx.io.stdout(client + lines.join('\n') + '\n');
    for (const w of i.Warnings ?? []) ctx.io.stderr(`${w}\n`);
    return 0;
  },
};
