/** Build-time rendering for `<Diagram>`: the page's lab, a named scripted state, and author errors. */
import { describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/components/diagrams/build.ts';
import { DIAGRAM_STATES } from '../../diagrams/states.ts';
import { descOf } from './helpers.ts';

describe('buildDiagram', () => {
  it("draws the page's fresh lab", () => {
    const svg = buildDiagram({ name: 'docker-architecture', lab: 'docker', seed: 1, options: { id: 'pbd-x', locale: 'en' } });
    expect(svg).toContain('id="pbd-x-title"');
    expect(descOf(svg)).toContain('There are no containers yet.');
  });

  it('draws a named scripted state', () => {
    const svg = buildDiagram({ name: 'docker-architecture', lab: 'docker', seed: 1, from: 'httpd-running', options: {} });
    expect(descOf(svg)).toContain('Containers: web (running, from httpd).');
  });

  it('every scripted state runs cleanly', () => {
    for (const from of Object.keys(DIAGRAM_STATES)) {
      expect(() => buildDiagram({ name: 'namespaces-cgroups', lab: 'docker', seed: 1, from, options: {} }), from).not.toThrow();
    }
  });

  it('names the mistake in an unknown diagram or state', () => {
    expect(() => buildDiagram({ name: 'docker-archtecture', lab: 'docker', seed: 1, options: {} })).toThrow(/<Diagram name="docker-archtecture">: no such diagram \(known: docker-architecture, /);
    expect(() => buildDiagram({ name: 'storage', lab: 'docker', seed: 1, from: 'nope', options: {} })).toThrow(/<Diagram from="nope">: no such state/);
  });
});
