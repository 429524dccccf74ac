import { describe, expect, it } from 'vitest';
import { imageLayers, instructionOf } from '../../diagrams/image-layers.ts';
import { engineOf, shortHex } from '../../diagrams/shared/lab.ts';
import { descOf, seededLab, WEB } from './helpers.ts';

describe('image-layers', () => {
  it('draws every layer of the image with its short digest, base first', () => {
    const lab = seededLab(WEB);
    const engine = engineOf(lab.view(), 'localhost');
    const image = Object.values(engine?.images ?? {}).find((i) => i.repoTags.includes('httpd:latest'));
    expect(image).toBeDefined();
    const svg = imageLayers(lab.view(), { image: 'httpd' });
    const digests = (image?.layers ?? []).map((d) => shortHex(engine?.layers[d]?.digest ?? d));
    expect(digests.length).toBeGreaterThan(1);
    digests.forEach((digest, i) => expect(svg).toContain(`id="image-layers-layer-${i + 1}-${digest}"`));
    expect(descOf(svg)).toContain(`1. ${digests[0]}`);
    expect(descOf(svg)).toContain('COPY httpd-foreground /usr/local/bin/');
  });

  it("marks the container's changed files: copied up, new and deleted", () => {
    const lab = seededLab([
      ...WEB,
      "docker exec web sh -c 'echo hi > /usr/local/apache2/htdocs/index.html'",
      'docker exec web touch /tmp/notes.txt',
      'docker exec web rm /usr/local/apache2/conf/httpd.conf',
    ]);
    const svg = imageLayers(lab.view(), { container: 'web' });
    expect(svg).toMatch(/<g id="image-layers-cow-usr-local-apache2-htdocs-index-html" class="pbd-cow-copied">/);
    expect(svg).toMatch(/<g id="image-layers-cow-tmp-notes-txt" class="pbd-cow-added">/);
    expect(svg).toMatch(/<g id="image-layers-cow-usr-local-apache2-conf-httpd-conf" class="pbd-cow-deleted">/);
    expect(descOf(svg)).toContain('/usr/local/apache2/htdocs/index.html (copied up)');
  });

  it('turns history entries into Dockerfile instructions', () => {
    expect(instructionOf('/bin/sh -c #(nop)  CMD ["httpd-foreground"]')).toBe('CMD ["httpd-foreground"]');
    expect(instructionOf('/bin/sh -c apt-get update')).toBe('RUN apt-get update');
    expect(instructionOf('RUN /bin/sh -c set -eux; \tmake # buildkit')).toBe('RUN set -eux; make');
    expect(instructionOf('COPY httpd-foreground /usr/local/bin/ # buildkit')).toBe('COPY httpd-foreground /usr/local/bin/');
  });
});
