/**
 * Build-time rendering of a diagram: a fresh lab (the page's lab and seed), optionally brought to a
 * named scripted state, drawn to an SVG string (one per layout width asked for). Errors name the
 * page's mistake (an unknown diagram or state, a script line that fails), so a bad `<Diagram>`
 * fails the build instead of shipping.
 */
import { createLab } from '../../../simulator/index.ts';
import { DIAGRAMS, isDiagramName, renderDiagram, type DiagramOptions } from '../../../diagrams/index.ts';
import { DIAGRAM_STATES, isStateName } from '../../../diagrams/states.ts';

export interface BuildSpec {
  name: string;
  lab: string;
  seed: number;
  from?: string | undefined;
  options: DiagramOptions;
}

/** The drawing for each of `variants` (options laid over `spec.options`), all from one lab. */
export function buildDiagramVariants(spec: BuildSpec, variants: readonly DiagramOptions[]): string[] {
  if (!isDiagramName(spec.name)) throw new Error(`<Diagram name="${spec.name}">: no such diagram (known: ${Object.keys(DIAGRAMS).join(', ')})`);
  const name = spec.name;
  const lab = createLab(spec.lab, { seed: spec.seed });
  if (spec.from !== undefined) {
    if (!isStateName(spec.from)) throw new Error(`<Diagram from="${spec.from}">: no such state (known: ${Object.keys(DIAGRAM_STATES).join(', ')})`);
    for (const line of DIAGRAM_STATES[spec.from] ?? []) {
      const r = lab.run(line);
      if (r.exitCode !== 0) throw new Error(`<Diagram from="${spec.from}">: '${line}' failed (exit ${r.exitCode}): ${r.output.trim()}`);
    }
  }
  const state = lab.view();
  return variants.map((v) => renderDiagram(name, state, { ...spec.options, ...v }));
}

export function buildDiagram(spec: BuildSpec): string {
  return buildDiagramVariants(spec, [{}])[0] as string;
}
