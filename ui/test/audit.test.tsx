import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toCsv } from '../src/pages/audit/csv';
import { SqlConsole } from '../src/pages/audit/SqlConsole';
import { mockFetch } from './fetchMock';

afterEach(() => vi.unstubAllGlobals());

describe('toCsv', () => {
  it('quotes what needs quoting', () => {
    const csv = toCsv({ columns: [{ name: 'a', type: 'String' }, { name: 'b', type: 'UInt64' }],
      rows: [['x,y', 1], ['say "hi"', null]], rowCount: 2, elapsedMs: 1, truncated: false });
    expect(csv).toBe('a,b\r\n"x,y",1\r\n"say ""hi""",\r\n');
  });
});

describe('<SqlConsole>', () => {
  it('shows the answer as a table and records the run', async () => {
    const fetch = mockFetch(() => ({ body: { columns: [{ name: 'ServiceName', type: 'String' }], rows: [['swarm']],
      rowCount: 1, elapsedMs: 3, truncated: false } }));
    const onRan = vi.fn();
    render(<SqlConsole onRan={onRan} />);
    fireEvent.click(screen.getByRole('button', { name: /^Run/ }));
    expect(await screen.findByText('swarm')).toBeTruthy();
    expect(screen.getByText('1 row in 3 ms')).toBeTruthy();
    expect(JSON.parse(fetch.mock.calls[0][1]!.body as string).sql).toContain('FROM otel_traces');
    expect(onRan).toHaveBeenCalled();
  });

  it('says why a query was refused', async () => {
    mockFetch(() => ({ status: 403, body: { error: { status: 403, code: 'forbidden',
      message: 'table system.tables is not readable by audit SQL', where: 'body sql' } } }));
    render(<SqlConsole onRan={() => {}} />);
    fireEvent.input(screen.getByLabelText('SQL', { exact: true }), { target: { value: 'SELECT * FROM system.tables' } });
    fireEvent.keyDown(screen.getByLabelText('SQL', { exact: true }), { key: 'Enter', ctrlKey: true });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Refused: not allowed (403)');
    expect(alert.textContent).toContain('system.tables is not readable');
  });
});
