/**
 * Live diagrams: when the notebook reports that the lab changed (`podbook:lab-changed`, whose
 * `detail.state()` reads the lab), every diagram on the page is drawn again from the new state.
 * The renderers load on the first change only, so a page that is just read loads none of them.
 * Bursts of changes (Run all) are coalesced: only the latest state is drawn.
 */
import type { StateReply } from '../../sandbox/protocol.ts';
import type { DiagramOptions } from '../../../diagrams/index.ts';

interface ChangeDetail {
  state: () => Promise<StateReply>;
}

let latest = 0;

async function redraw(detail: ChangeDetail, ticket: number): Promise<void> {
  const figures = Array.from(document.querySelectorAll<HTMLElement>('.pb-diagram[data-diagram]'));
  if (figures.length === 0) return;
  const [reply, mod] = await Promise.all([detail.state(), import('../../../diagrams/index.ts')]);
  if (ticket !== latest || !reply.ok) return;
  for (const figure of figures) {
    const name = figure.dataset['diagram'] ?? '';
    if (!mod.isDiagramName(name)) continue;
    // Each drawing of the figure (the desktop one, and a phone's where the diagram reflows) has its options.
    for (const holder of Array.from(figure.querySelectorAll<HTMLElement>('.pb-diagram-svg'))) {
      const options = JSON.parse(holder.dataset['options'] ?? '{}') as DiagramOptions;
      const hadFocus = holder.contains(document.activeElement);
      holder.innerHTML = mod.renderDiagram(name, reply.state, options);
      if (hadFocus) holder.querySelector<SVGElement>('svg')?.focus();
    }
    figure.dataset['live'] = 'true';
  }
}

export function startLiveDiagrams(): void {
  document.addEventListener('podbook:lab-changed', (event) => {
    const detail = (event as CustomEvent<ChangeDetail>).detail;
    if (!detail || typeof detail.state !== 'function') return;
    const ticket = ++latest;
    // Let a burst of commands settle before reading the lab.
    setTimeout(() => {
      if (ticket === latest) void redraw(detail, ticket).catch((error: unknown) => console.error('podbook diagram:', error));
    }, 120);
  });
}
