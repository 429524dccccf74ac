/**
 * `--help` texts of the implemented commands, as the docker 28.2.2 client prints them. The texts
 * are a part of their own (simulator/lazy): a page loads them the first time a reader asks for help.
 */
import { part } from '../../../lazy/index.ts';

export function helpText(path: string): string | undefined {
  return part('help').HELP[path];
}
