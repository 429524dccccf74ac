/** The docker client's rendering of a JSON progress stream when its output is not a terminal. */
import { describe, expect, it } from 'vitest';
import { renderProgress } from '../../../simulator/runtime/cli/docker/format/progress.ts';

const stream = (...messages: unknown[]): string => messages.map((m) => `${JSON.stringify(m)}\r\n`).join('');

describe('renderProgress without a terminal', () => {
  it('skips messages whose bar would show and prints the others one per line', () => {
    const body = stream(
      { status: 'Pulling from library/httpd', id: 'latest' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'aaa' },
      { status: 'Downloading', progressDetail: { current: 10, total: 40 }, progress: '[===>   ]  10B/40B', id: 'aaa' },
      { status: 'Download complete', progressDetail: {}, id: 'aaa' },
      { progressDetail: {}, aux: { Tag: 'v1' } },
      { status: 'Digest: sha256:abc' },
    );
    expect(renderProgress(body, false)).toBe('latest: Pulling from library/httpd\naaa: Pulling fs layer\naaa: Download complete\nDigest: sha256:abc\n');
  });

  it('prints a bar text whose counts are empty as it is, with no newline (as the real client does)', () => {
    const body = stream({ status: 'Downloading', progressDetail: { current: 0, total: 0 }, progress: '[>    ]', id: 'bbb' }, { status: 'Download complete', progressDetail: {}, id: 'bbb' });
    expect(renderProgress(body, false)).toBe('bbb: Downloading [>    ]bbb: Download complete\n');
  });

  it('prints stream text as it is, after an id when there is one', () => {
    expect(renderProgress(stream({ stream: 'Step 1/2 : FROM centos:7\n' }, { stream: ' ---> 16efa51e4a11\n' }), false)).toBe('Step 1/2 : FROM centos:7\n ---> 16efa51e4a11\n');
  });
});
