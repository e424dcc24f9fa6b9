import { describe, expect, it } from 'vitest';
import { inList } from './in-list';

describe('inList', () => {
  it('pads to the next fixed length with the last value, keeping the set of values', () => {
    const ids = ['a', 'b', 'c'];
    const padded = inList(ids);
    expect(padded).toHaveLength(8);
    expect(padded.slice(0, 3)).toEqual(ids);
    expect(new Set(padded)).toEqual(new Set(ids));
    expect(inList(Array.from({ length: 50 }, (_, i) => i))).toHaveLength(64);
    expect(inList(Array.from({ length: 64 }, (_, i) => i))).toHaveLength(64);
  });

  it('leaves empty and very long lists as they are', () => {
    expect(inList([])).toEqual([]);
    expect(inList(Array.from({ length: 300 }, (_, i) => i))).toHaveLength(300);
  });
});
