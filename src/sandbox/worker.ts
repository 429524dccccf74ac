/**
 * The Web Worker that owns the page's lab (dispatch.ts does the work). Everything runs here, off
 * the page's thread, so a runaway command never freezes the page; host.ts ends it at the deadline.
 */
/// <reference lib="webworker" />
import { createDispatcher } from './dispatch.ts';
import type { WorkerEnvelope } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const dispatch = createDispatcher({
  // QuickJS comes with `init`: compiled by the page, or at the address the page names (preload.ts).
  async loadBundle(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  },
  loadBundleSync(url) {
    // Only when a command needs a part before its prefetch arrived; workers may block like this.
    const request = new XMLHttpRequest();
    request.open('GET', url, false);
    request.send();
    if (request.status !== 200) throw new Error(`${url}: HTTP ${request.status}`);
    return request.responseText;
  },
  reply: (response) => self.postMessage(response),
});

self.onmessage = (event: MessageEvent<WorkerEnvelope>) => dispatch(event.data);
