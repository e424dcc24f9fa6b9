import { expect } from 'vitest';
import { importScreenList } from './screening-fixtures';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for POST /api/v1/screen, written out by hand: screening reads the imported sanctions
 * lists (published data about listed persons and bodies), so every signed-in role may screen (permission
 * sanctions:read, analyst included); anonymous callers get 401. Fixture: the FICTIONAL list of
 * screening-fixtures.ts.
 */

export function screeningMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let imported: Promise<void> | undefined;
  return {
    'POST /api/v1/screen': async (who) => {
      imported ??= importScreenList(d.ctx().db, d.ctx().engine);
      await imported;
      const res = await d.call(who, 'POST', '/api/v1/screen', {
        names: [{ name: 'Уладзімір Нібышэвіч' }],
        top: 3,
      });
      if (who === 'anonymous') {
        d.expectError(res, 401, 'UNAUTHENTICATED');
        return;
      }
      expect(res.statusCode).toBe(200);
      const body = res.json<{ results: { candidates: { id: string }[] }[] }>();
      expect(body.results).toHaveLength(1);
      expect(body.results[0]!.candidates[0]?.id).toMatch(/scr-fict-1$/);
    },
  };
}
