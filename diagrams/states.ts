/**
 * Small scripted lab states a page can draw a diagram from at build time (`<Diagram from="…">`),
 * when the lab's initial state would show nothing yet. Each is a list of command lines run in order
 * on a fresh lab; the page's live diagram then follows the reader's own lab.
 */
export const DIAGRAM_STATES: Readonly<Record<string, readonly string[]>> = {
  /** One web server running with a published port. */
  'httpd-running': ['docker run -d -p 8080:80 --name web httpd'],
  /** A web server plus a stopped container, two images. */
  'two-containers': ['docker run -d -p 8080:80 --name web httpd', 'docker create --name box centos'],
  /** The notes' CPU-shares experiment: two busy containers, 512 and 2048 shares. */
  'cpu-shares': [
    'docker run -d --name c1 --cpu-shares 512 progrium/stress --cpu 1',
    'docker run -d --name c2 --cpu-shares 2048 progrium/stress --cpu 1',
  ],
};

export function isStateName(name: string): boolean {
  return Object.hasOwn(DIAGRAM_STATES, name);
}
