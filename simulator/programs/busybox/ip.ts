/**
 * busybox ip: the iproute2 model's answer in busybox's layout. busybox prints no `group`, `mode`
 * or `link-netnsid`, marks a link whose other end it cannot see `M-DOWN`, and shows `state` only
 * where the C library defines IFF_DORMANT (musl, so Alpine; not the glibc or uClibc busybox images).
 */
import type { Program } from '../../kernel/types.ts';
import { onDemand } from '../on-demand.ts';

// The iproute2 model is in the simulator's extras part (simulator/lazy).
const ip = onDemand('ip');

function relayout(text: string, showState: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      const head = /^(\d+: [^:@]+)(@[^:]+)?: <([^>]*)> (.*)$/.exec(line);
      if (head) {
        const [, name, at = '', flags, rest] = head as unknown as [string, string, string | undefined, string, string];
        // The peer's index is in another namespace: busybox finds no flags for it, so no IFF_UP.
        const mDown = /^@if\d+$/.test(at) ? ',M-DOWN' : '';
        let tail = rest.replace('group default ', '').replace('mode DEFAULT ', '');
        if (!showState) tail = tail.replace(/state \S+ /, '');
        return `${name}${at}: <${flags}${mDown}> ${tail}`;
      }
      return line.replace(/ link-netnsid \d+$/, '');
    })
    .join('\n');
}

export const busyboxIp: Program = (ctx) => {
  const showState = ctx.host.fs.tryStat('/etc/alpine-release') !== undefined;
  return ip({ ...ctx, stdout: (t) => ctx.stdout(relayout(t, showState)) });
};
