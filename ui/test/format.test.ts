import { describe, expect, it } from 'vitest';
import { count, duration, epochMs, shortId } from '../src/lib/format';

describe('format', () => {
  it('reads nanosecond times to the sub-millisecond', () => {
    expect(epochMs('2025-03-01T12:00:00.000250000Z') - Date.parse('2025-03-01T12:00:00Z')).toBeCloseTo(0.25);
  });

  it('writes durations in the unit that reads best', () => {
    expect(duration(850)).toBe('850 ns');
    expect(duration(12_300_000)).toBe('12.3 ms');
    expect(duration(4_200_000_000)).toBe('4.20 s');
    expect(duration(185e9)).toBe('3 m 05 s');
  });

  it('shortens counts and ids', () => {
    expect(count(950)).toBe('950');
    expect(count(12_400)).toBe('12.4k');
    expect(shortId('0123456789abcdef')).toBe('01234567…');
    expect(shortId('abc')).toBe('abc');
  });
});
