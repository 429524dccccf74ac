import { describe, expect, it } from 'vitest';
import { renderRows } from '../../../../../../simulator/runtime/cli/docker/format/render.ts';

const rows = [
  { ID: 'a1b2c3', Names: 'web', Status: 'Up 3 minutes', Count: 2 },
  { ID: 'd4e5f6', Names: 'a-much-longer-name', Status: 'Exited (0) 1 second ago', Count: 10 },
];
const headers = { ID: 'CONTAINER ID', Names: 'NAMES', Status: 'STATUS', Count: 'COUNT' };

describe('renderRows', () => {
  it('prints text-and-field templates over string fields as the template engine does', () => {
    // `{{print .X}}` always goes through the template engine; `{{.X}}` over strings need not.
    for (const [plain, engine] of [
      ['table {{.ID}}\t{{.Names}}\t{{.Status}}', 'table {{print .ID}}\t{{print .Names}}\t{{print .Status}}'],
      ['{{.ID}}: {{ .Names }}', '{{print .ID}}: {{print .Names}}'],
      ['table {{.Names}}\\t{{.ID}}', 'table {{print .Names}}\\t{{print .ID}}'],
    ] as const) {
      expect(renderRows(plain, rows, headers)).toBe(renderRows(engine, rows, headers));
    }
    expect(renderRows('table {{.ID}}\t{{.Names}}', rows, headers)).toBe('CONTAINER ID   NAMES\na1b2c3         web\nd4e5f6         a-much-longer-name\n');
  });

  it('leaves anything else to the template engine: non-string fields, functions, unknown fields', () => {
    expect(renderRows('{{.Count}}', rows, headers)).toBe('2\n10\n');
    expect(renderRows('{{.ID | printf "%.3s"}}', rows, headers)).toBe('a1b\nd4e\n');
    expect(() => renderRows('{{.Nope}}', rows, headers)).toThrow(/template parsing error/);
    expect(() => renderRows('{{.ID', rows, headers)).toThrow(/template parsing error/);
  });
});
