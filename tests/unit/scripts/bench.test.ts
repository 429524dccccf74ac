import { describe, expect, it } from 'vitest';
import { FIGURES, stats } from '../../../scripts/bench.ts';

describe('npm run bench', () => {
  it('reports the figures the issues ask for (3: cold start, commands, sizes; 4: 1,000 processes; 5: 200 containers), each once', () => {
    const names = FIGURES.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['coldStartMs', 'commandMsNative', 'commandMsQuickjs', 'sandboxGzipBytes', 'pageJsGzipBytes', 'procs1000Ms', 'containers200Ms']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('summarises samples by median and 95th percentile (nearest rank)', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(stats(samples)).toEqual({ median: 50, p95: 95, n: 100 });
    expect(stats([3])).toEqual({ median: 3, p95: 3, n: 1 });
  });
});
