/** hostnamectl (systemd 219): `set-hostname NAME` writes /etc/hostname and the kernel's host name at once. */
import type { Program } from '../../kernel/types.ts';

export const hostnamectl: Program = (ctx) => {
  const [verb, name, extra] = ctx.argv.slice(1).filter((a) => !a.startsWith('--'));
  if (verb === 'set-hostname') {
    if (name === undefined || extra !== undefined) {
      ctx.stderr(name === undefined ? 'Too few arguments.\n' : 'Too many arguments.\n');
      return 1;
    }
    ctx.host.state.hostname = name;
    ctx.host.fs.writeFile('/etc/hostname', `${name}\n`);
    return 0;
  }
  ctx.stderr(`podbook: 'hostnamectl${verb ? ' ' + verb : ''}' is not simulated (set-hostname is)\n`);
  return 1;
};
