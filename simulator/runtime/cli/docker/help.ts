/**
 * `--help` texts of the implemented commands, as the docker 28.2.2 client prints them.
 */
import { HELP } from './help-text.ts';

export function helpText(path: string): string | undefined {
  return HELP[path];
}
