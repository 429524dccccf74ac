import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapterSidebar } from '../../src/sidebar.ts';

function chapter(root: string, name: string, lab?: string): void {
  mkdirSync(join(root, 'en', name), { recursive: true });
  writeFileSync(join(root, 'en', name, 'index.mdx'), `---\ntitle: ${name}\n${lab ? `lab: ${lab}\n` : ''}---\n\ntext\n`);
}

describe('chapterSidebar', () => {
  it('lists chapters by number, Docker labs and Kubernetes labs in their own groups', () => {
    const root = mkdtempSync(join(tmpdir(), 'podbook-sidebar-'));
    chapter(root, '10-services', 'k8s');
    chapter(root, '02-docker-basics', 'docker');
    chapter(root, '01-docker-introduction');
    chapter(root, '07-kubernetes-architecture', 'k8s');
    mkdirSync(join(root, 'en', 'images'));
    writeFileSync(join(root, 'en', 'index.mdx'), '---\ntitle: Home\n---\n');
    expect(chapterSidebar(root)).toEqual([
      { label: 'Docker', translations: { 'zh-CN': 'Docker' }, items: [{ slug: '01-docker-introduction' }, { slug: '02-docker-basics' }] },
      { label: 'Kubernetes', translations: { 'zh-CN': 'Kubernetes' }, items: [{ slug: '07-kubernetes-architecture' }, { slug: '10-services' }] },
    ]);
  });

  it('leaves out a group with no chapters', () => {
    const root = mkdtempSync(join(tmpdir(), 'podbook-sidebar-'));
    chapter(root, '02-docker-basics', 'docker');
    expect(chapterSidebar(root).map((g) => g.label)).toEqual(['Docker']);
  });

  it('matches the chapters in this repository', () => {
    const groups = chapterSidebar(join(import.meta.dirname, '../../content'));
    expect(groups[0]?.items.map((i) => i.slug)).toContain('02-docker-basics');
  });
});
