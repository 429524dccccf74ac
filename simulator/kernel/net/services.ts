/**
 * Behaviour behind listeners that do not speak HTTP (telnetd's banner, a bare `nc -l`): raw TCP/UDP
 * handlers registered by name, like HTTP services in `world.services`. Registration happens when a
 * program module loads, so restoring a snapshot finds them again.
 */
import type { HttpService } from '../http.ts';
import type { World } from '../world.ts';
import type { Delivery } from './path.ts';

/**
 * A raw stream handler: given what the client sent (all of it, the client side is buffered), returns
 * what the server writes back and whether it then closes the connection.
 */
export type RawService = (world: World, conn: Delivery, input: string) => { output: string; close: boolean };

const RAW_SERVICES: Record<string, RawService> = {};

export function registerRawService(name: string, service: RawService): void {
  RAW_SERVICES[name] = service;
}

export function rawService(name: string): RawService | undefined {
  return RAW_SERVICES[name];
}

const HTTP_SERVICES: Record<string, HttpService> = {};

/**
 * Registers a built-in HTTP service (httpd, nginx, registry) by name. `world.services` entries of
 * the same name take precedence, so a lab can still override one.
 */
export function registerHttpService(name: string, service: HttpService): void {
  HTTP_SERVICES[name] = service;
}

/** The HTTP service a listener names: the world's own, else a built-in one. */
export function httpService(world: World, name: string): HttpService | undefined {
  return world.services[name] ?? HTTP_SERVICES[name];
}
