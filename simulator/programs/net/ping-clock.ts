/**
 * A ping nobody waits on (a container's command, `ping x &`) runs on the lab clock: one echo a
 * second from a process timer, and Ctrl+C's SIGINT prints the statistics and ends it, as it does
 * the real one. The models live in the extras part (ping.ts); these stand-ins are registered with
 * the kernel at load, so a restored lab finds them.
 */
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import { part } from '../../lazy/index.ts';

export const PING_TICK = 'net/ping-tick';
export const PING_INTERRUPT = 'net/ping-interrupt';

GLOBAL_HOOKS.timers[PING_TICK] = (host, proc) => part('extras').pingTick(host, proc);
GLOBAL_HOOKS.signals[PING_INTERRUPT] = ({ host, proc }) => part('extras').pingInterrupt(host, proc);
