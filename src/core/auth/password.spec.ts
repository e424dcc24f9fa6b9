import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';

describe('password hashing on worker threads', () => {
  it('hashes with Argon2id and verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery staple', 'test');
    expect(hash).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery stapler')).resolves.toBe(false);
    // A malformed stored hash is a failed check, not a crash.
    await expect(verifyPassword('not a hash', 'whatever password')).resolves.toBe(false);
    await expect(verifyAgainstDummy('any password at all', 'test')).resolves.toBeUndefined();
  });

  it('answers many concurrent checks, each with its own result', async () => {
    const hashes = await Promise.all(
      ['one', 'two', 'three'].map((p) => hashPassword(`pw-${p}-long-enough`, 'test')),
    );
    const results = await Promise.all(
      hashes.flatMap((h, i) => [
        verifyPassword(h, `pw-${['one', 'two', 'three'][i]}-long-enough`),
        verifyPassword(h, 'wrong'),
      ]),
    );
    expect(results).toEqual([true, false, true, false, true, false]);
  });

  it('keeps the event loop free while hashing at the production cost', async () => {
    // A synchronous hash would let no timer fire until it returned; on a thread the loop keeps turning.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const hash = await hashPassword('production cost password', 'interactive');
      const ticksWhileHashing = ticks;
      await expect(verifyPassword(hash, 'production cost password')).resolves.toBe(true);
      expect(ticksWhileHashing).toBeGreaterThan(5);
      expect(ticks - ticksWhileHashing).toBeGreaterThan(5);
    } finally {
      clearInterval(timer);
    }
  }, 60_000);
});
