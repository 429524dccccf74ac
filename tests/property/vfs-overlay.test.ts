/**
 * Overlay semantics against a reference model: random writes, mkdirs, removals and renames on an
 * overlay of two image layers must leave exactly the tree a flat map predicts, the lower layers
 * untouched, and an upper committed as a layer must reproduce the same view.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLab } from '../../simulator/index.ts';
import { buildLayer, cloneFs, putLayer, type LayerEntry } from '../../simulator/kernel/layers.ts';
import { FsError, type Vfs } from '../../simulator/kernel/vfs.ts';

type Model = Record<string, { type: 'file'; data: string } | { type: 'dir' }>;

const NAMES = ['a', 'b', 'c'];
const pathArb = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }).map((p) => '/' + p.join('/'));
type Op = { op: 'write'; path: string; data: string } | { op: 'mkdir'; path: string } | { op: 'remove'; path: string } | { op: 'rename'; path: string; to: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('write' as const), path: pathArb, data: fc.constantFrom('x', 'yy', '') }),
  fc.record({ op: fc.constant('mkdir' as const), path: pathArb }),
  fc.record({ op: fc.constant('remove' as const), path: pathArb }),
  fc.record({ op: fc.constant('rename' as const), path: pathArb, to: pathArb }),
);
const entryArb = fc.oneof(
  fc.record({ path: pathArb, type: fc.constant('file' as const), data: fc.constantFrom('l1', 'l2') }),
  fc.record({ path: pathArb, type: fc.constant('dir' as const) }),
  fc.record({ path: pathArb, type: fc.constant('whiteout' as const) }),
);

/** Drops entries that would need a file to be a directory (buildLayer refuses those, as tar does). */
function clean(entries: LayerEntry[]): LayerEntry[] {
  const kinds: Record<string, string> = {};
  const out: LayerEntry[] = [];
  for (const e of entries) {
    const parts = e.path.split('/').filter(Boolean);
    let ok = true;
    for (let i = 1; i < parts.length; i++) {
      const k = kinds['/' + parts.slice(0, i).join('/')];
      if (k !== undefined && k !== 'dir') ok = false;
    }
    if (!ok) continue;
    for (const k of Object.keys(kinds)) if (k === e.path || k.startsWith(e.path + '/')) delete kinds[k];
    for (let i = 1; i < parts.length; i++) kinds['/' + parts.slice(0, i).join('/')] = 'dir';
    kinds[e.path] = e.type;
    out.push(e);
  }
  return out;
}

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
const under = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + '/');

/** The merged view of layers given bottom first, as overlayfs defines it. */
function mergeLayers(layers: LayerEntry[][]): Model {
  let model: Model = {};
  for (const entries of layers) {
    const layer: Model = {};
    const whiteouts: string[] = [];
    for (const e of entries) {
      // buildLayer creates missing parents as directories and replaces what was there.
      const parts = e.path.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i++) {
        const dir = '/' + parts.slice(0, i).join('/');
        for (const k of Object.keys(layer)) if (under(k, dir) && k !== dir && layer[dir]?.type !== 'dir') delete layer[k];
        if (layer[dir]?.type !== 'dir') layer[dir] = { type: 'dir' };
        const w = whiteouts.indexOf(dir);
        if (w >= 0) whiteouts.splice(w, 1);
      }
      for (const k of Object.keys(layer)) if (under(k, e.path)) delete layer[k];
      // Replacing a path replaces everything the layer had below it, whiteouts included.
      for (let i = whiteouts.length - 1; i >= 0; i--) if (under(whiteouts[i] as string, e.path)) whiteouts.splice(i, 1);
      if (e.type === 'whiteout') whiteouts.push(e.path);
      else layer[e.path] = e.type === 'file' ? { type: 'file', data: e.data ?? '' } : { type: 'dir' };
    }
    const next: Model = {};
    for (const [k, v] of Object.entries(model)) {
      if (whiteouts.some((w) => under(k, w))) continue;
      // A file in the upper layer hides everything below it; a directory hides a lower file.
      if (Object.entries(layer).some(([lk, lv]) => (lv.type === 'file' && under(k, lk)) || (lk === k && lv.type === 'dir' && v.type === 'file'))) continue;
      if (Object.entries(layer).some(([lk, lv]) => lv.type === 'dir' && k.startsWith(lk + '/') && model[lk]?.type === 'file')) continue;
      next[k] = v;
    }
    model = { ...next, ...layer };
  }
  return model;
}

function apply(model: Model, op: Op): boolean {
  const parentOk = (p: string): boolean => parentOf(p) === '/' || model[parentOf(p)]?.type === 'dir';
  switch (op.op) {
    case 'write':
      if (!parentOk(op.path) || model[op.path]?.type === 'dir') return false;
      model[op.path] = { type: 'file', data: op.data };
      return true;
    case 'mkdir':
      if (!parentOk(op.path) || model[op.path]) return false;
      model[op.path] = { type: 'dir' };
      return true;
    case 'remove':
      if (!model[op.path]) return false;
      for (const k of Object.keys(model)) if (under(k, op.path)) delete model[k];
      return true;
    case 'rename': {
      const src = model[op.path];
      const dst = model[op.to];
      if (!src || !parentOk(op.to) || (src.type === 'dir' && under(op.to, op.path) && op.to !== op.path)) return false;
      if (op.to === op.path) return true;
      if (dst && (dst.type !== src.type || (dst.type === 'dir' && Object.keys(model).some((k) => k.startsWith(op.to + '/'))))) return false;
      const moved: Model = {};
      for (const [k, v] of Object.entries(model)) if (under(k, op.path)) moved[op.to + k.slice(op.path.length)] = v;
      for (const k of Object.keys(model)) if (under(k, op.path) || under(k, op.to)) delete model[k];
      Object.assign(model, moved);
      return true;
    }
  }
}

function run(view: Vfs, op: Op): boolean {
  try {
    if (op.op === 'write') view.writeFile(op.path, op.data);
    else if (op.op === 'mkdir') view.mkdir(op.path);
    else if (op.op === 'remove') view.remove(op.path, { recursive: true });
    else view.rename(op.path, op.to);
    return true;
  } catch (e) {
    if (e instanceof FsError) return false;
    throw e;
  }
}

function snapshot(view: Vfs, dir = '/'): Model {
  const out: Model = {};
  for (const name of view.readdir(dir)) {
    const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const node = view.lstat(p);
    if (node.type === 'dir') {
      out[p] = { type: 'dir' };
      Object.assign(out, snapshot(view, p));
    } else out[p] = { type: 'file', data: view.readFile(p) };
  }
  return out;
}

const sorted = (m: Model): [string, unknown][] => Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('overlay against a reference model', () => {
  it('random operations give the model tree; the layers stay untouched; a committed upper reproduces the view', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 6 }), fc.array(entryArb, { maxLength: 6 }), fc.array(opArb, { maxLength: 25 }), (base, top, ops) => {
        const host = createLab('docker').world.host('localhost');
        const baseEntries = clean(base.filter((e) => e.type !== 'whiteout') as LayerEntry[]);
        const topEntries = clean(top as LayerEntry[]);
        putLayer(host.world, 'sha256:base', buildLayer(baseEntries, 0));
        putLayer(host.world, 'sha256:top', buildLayer(topEntries, 0));
        const before = JSON.stringify([host.world.state.ext['kernel/layers']]);
        const mnt = host.createNamespace('mnt', { empty: true });
        host.mount(mnt, '/', host.createOverlay('c', ['sha256:top', 'sha256:base']), { fstype: 'overlay', device: 'overlay' });
        const view = host.fsOfNamespace(mnt);
        const model = mergeLayers([baseEntries, topEntries]);
        expect(sorted(snapshot(view))).toEqual(sorted(model));
        for (const op of ops) {
          const expected = apply(model, op);
          expect(run(view, op)).toBe(expected);
          expect(sorted(snapshot(view))).toEqual(sorted(model));
        }
        expect(JSON.stringify([host.world.state.ext['kernel/layers']])).toBe(before);
        putLayer(host.world, 'sha256:commit', cloneFs(host.overlay('c').upper.state));
        const again = host.createNamespace('mnt', { empty: true });
        host.mount(again, '/', host.createOverlay('d', ['sha256:commit', 'sha256:top', 'sha256:base']), { fstype: 'overlay', device: 'overlay' });
        expect(sorted(snapshot(host.fsOfNamespace(again)))).toEqual(sorted(model));
      }),
      { numRuns: 300 },
    );
  });
});
