import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../src/cli/openapi.cli';
import { repoRoot } from '../../src/server';

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

describe('OpenAPI document', () => {
  it('the committed docs/openapi.json matches the routes byte for byte', async () => {
    const generated = await generateOpenApi();
    const committed = fs.readFileSync(path.join(repoRoot, 'docs', 'openapi.json'), 'utf8');
    expect(committed === generated, 'docs/openapi.json is stale: run npm run openapi').toBe(true);
  });

  it('documents a JSON response schema for every operation', async () => {
    const doc = JSON.parse(await generateOpenApi()) as OpenApiDoc;
    const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, op]) => ({ where: `${method.toUpperCase()} ${p}`, op })),
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const { where, op } of operations) {
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      expect(ok.length, `${where} has no 2xx response`).toBeGreaterThan(0);
      for (const [status, res] of ok) {
        expect(
          res.content?.['application/json']?.schema,
          `${where} ${status} has no JSON schema`,
        ).toBeDefined();
      }
    }
  });
});
