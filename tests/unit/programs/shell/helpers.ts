import { createLab, type Lab } from '../../../../simulator/index.ts';

/** A fresh docker lab and a runner returning what the terminal shows and the exit status. */
export function terminal(seed = 1): { lab: Lab; run: (line: string) => { out: string; code: number } } {
  const lab = createLab('docker', { seed });
  return {
    lab,
    run: (line) => {
      const r = lab.run(line);
      return { out: r.output, code: r.exitCode };
    },
  };
}

/** What a container printed, without the pull of its image on first use. */
export function quiet(out: string): string {
  return out
    .split('\n')
    .filter((l) => !/Pull|Digest|Status: |Unable to find|latest: /.test(l))
    .join('\n');
}
