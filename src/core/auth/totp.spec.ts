import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp';

// RFC 6238 appendix B, SHA-1 column. The RFC prints 8 digits; a 6-digit code is the same value mod 10^6.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: Array<[seconds: number, eightDigits: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('totp', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 at T=%i', (seconds, eight) => {
    expect(hotp(RFC_SECRET, totpStep(seconds * 1000))).toBe(eight.slice(-6));
    expect(totpCode(base32Encode(RFC_SECRET), seconds * 1000)).toBe(eight.slice(-6));
  });

  it('uses 30-second steps', () => {
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    expect(totpStep(59_000)).toBe(1);
  });

  it('encodes the RFC secret to its well-known base32 form', () => {
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezdgnbvgy3tqojq gezdgnbvgy3tqojq====').equals(RFC_SECRET)).toBe(true);
  });

  it('round-trips any byte string through base32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes)).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('rejects characters outside the base32 alphabet', () => {
    expect(() => base32Decode('ABC1')).toThrow();
  });

  it('generates 160-bit secrets that differ', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });

  it('accepts one step of drift either side and returns the step used', () => {
    const secret = base32Encode(randomBytes(20));
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(verifyTotp(secret, totpCode(secret, now), now, 0)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now, 0)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now, 0)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, now + 90_000), now, 0)).toBeNull();
  });

  it('never accepts a step at or before the last one used (replay)', () => {
    const secret = base32Encode(randomBytes(20));
    const now = 1_700_000_000_000;
    const code = totpCode(secret, now);
    expect(verifyTotp(secret, code, now, totpStep(now))).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now, totpStep(now) - 1)).toBeNull();
  });

  it('rejects malformed codes without comparing', () => {
    const secret = base32Encode(RFC_SECRET);
    expect(verifyTotp(secret, '94287082', 59_000, 0)).toBeNull();
    expect(verifyTotp(secret, '28708', 59_000, 0)).toBeNull();
    expect(verifyTotp(secret, '28708a', 59_000, 0)).toBeNull();
  });

  it('builds an otpauth URI with an escaped label', () => {
    const uri = otpauthUri('GEZDGNBV', 'ann lee');
    expect(uri).toBe(
      'otpauth://totp/Supolka%3Aann%20lee?secret=GEZDGNBV&issuer=Supolka&algorithm=SHA1&digits=6&period=30',
    );
  });
});
