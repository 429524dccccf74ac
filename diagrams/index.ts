/**
 * Every diagram by name: what `<Diagram name="…">` renders at build time and re-renders in the page
 * when the lab changes. Each is a pure function of the lab's state: `(state, opts) => SVG`.
 */
import { dockerArchitecture } from './docker-architecture.ts';
import { imageLayers } from './image-layers.ts';
import { networkModels } from './network-models.ts';
import { storage } from './storage.ts';
import { namespacesCgroups } from './namespaces-cgroups.ts';
import type { Diagram, DiagramOptions } from './shared/types.ts';
import type { LabState } from './shared/lab.ts';

export const DIAGRAMS = {
  'docker-architecture': dockerArchitecture,
  'image-layers': imageLayers,
  'network-models': networkModels,
  storage,
  'namespaces-cgroups': namespacesCgroups,
} satisfies Record<string, Diagram>;

export type DiagramName = keyof typeof DIAGRAMS;

/**
 * Diagrams that lay themselves out again for a phone's column (`width: NARROW`); the page shows
 * that drawing when the column is narrow. The others keep their desktop drawing and scroll sideways
 * there, with a hint.
 */
export const REFLOWS: ReadonlySet<string> = new Set<DiagramName>(['docker-architecture', 'image-layers', 'network-models', 'storage']);

export function isDiagramName(name: string): name is DiagramName {
  return Object.hasOwn(DIAGRAMS, name);
}

export function renderDiagram(name: DiagramName, state: LabState, opts: DiagramOptions = {}): string {
  return DIAGRAMS[name](state, opts);
}

export type { DiagramOptions, Locale } from './shared/types.ts';
export { NARROW, WIDE } from './shared/types.ts';
export type { LabState } from './shared/lab.ts';
