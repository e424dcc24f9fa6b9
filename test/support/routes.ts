import type { App } from '../../src/core/http/types';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route the server registered, read back from Fastify's own route table (printRoutes), so a test can
 * insist that each one is covered. HEAD routes are Fastify's automatic mirrors of GET and are left out.
 */
export function registeredRoutes(app: App): RegisteredRoute[] {
  return parsePrintedRoutes(app.printRoutes({ commonPrefix: false })).filter((r) => r.method !== 'HEAD');
}

/** Parses the tree printed by printRoutes({ commonPrefix: false }): four columns of indent per level. */
export function parsePrintedRoutes(text: string): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?\s*$/.exec(line.replace(/\u00a0/g, ' '));
    if (!m) {
      if (line.trim() !== '') throw new Error(`Unrecognised route table line: ${JSON.stringify(line)}`);
      continue;
    }
    const depth = m[1]!.length / 4;
    if (!Number.isInteger(depth) || depth > stack.length)
      throw new Error(`Unexpected indent: ${JSON.stringify(line)}`);
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      out.push({ method, url });
  }
  return out;
}
