/** The `--help` texts of the docker client: large, and only read when a reader asks for help. */
export { HELP } from '../../runtime/cli/docker/help-text.ts';
