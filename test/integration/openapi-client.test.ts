import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Middleware } from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import { expect } from 'vitest';
import { appTest } from '../helpers/app.ts';

/**
 * The OpenAPI document as client generators read it. The document the running app serves is
 * validated (swagger-parser), turned into TypeScript types (openapi-typescript), and a client typed
 * by them (openapi-fetch, test/api-client/calls.ts) must type-check and then call every operation
 * of the running app, each answer checked against the document's schema for its status. A broken
 * reference, a missing path or a schema that no longer matches the answers fails here.
 */

const test = appTest({ seed: true, seedNow: new Date('2026-11-22T09:00:00Z') });
const ROOT = resolve(import.meta.dirname, '../..');
const TYPES = resolve(ROOT, 'build/api-client/openapi.ts');
const CALLS = resolve(ROOT, 'test/api-client/calls.ts');

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: Json }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * Type-checks the client's calls against the generated types with tsc and the client's tsconfig,
 * in a process of its own: a TypeScript program is hundreds of megabytes the test worker, shared
 * with other test files, need not hold.
 */
async function typeErrors(): Promise<string[]> {
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
  const args = [tsc, '-p', resolve(ROOT, 'test/api-client/tsconfig.json'), '--noEmit', '--listFiles'];
  const { stdout, code } = await new Promise<{ stdout: string; code: number }>((done) =>
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, out) =>
      done({ stdout: out, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    ),
  );
  const lines = stdout.split('\n').filter(Boolean);
  // The calls must be among the files checked, or there is nothing to fail.
  expect(lines.map((l) => resolve(l))).toEqual(expect.arrayContaining([CALLS, TYPES]));
  const errors = lines.filter((l) => /error TS\d+/.test(l));
  if (code !== 0 && errors.length === 0) errors.push(`tsc exited with ${code}`);
  return errors;
}

// A seeded database, a TypeScript program and two parses of the document: longer than most tests.
test(
  'the served OpenAPI document validates, generates a typed client, and that client calls every operation',
  {
    timeout: 180_000,
  },
  async ({ app }) => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}/api/v1`;

    const served = await fetch(`${base}/openapi.json`);
    expect(served.status).toBe(200);
    const doc = (await served.json()) as Json;
    // Every reference resolves and the document is valid OpenAPI 3.1 (validate() dereferences in place: a copy).
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(JSON.stringify(doc)).not.toContain('$defs');

    const types = astToString(await openapiTS(structuredClone(doc) as never));
    expect(types).toContain('listInspections');
    mkdirSync(dirname(TYPES), { recursive: true });
    writeFileSync(TYPES, types);
    expect(await typeErrors()).toEqual([]);

    // Each answer is checked against the schema the document gives for its operation and status.
    const resolved = (await SwaggerParser.dereference(structuredClone(doc) as never)) as unknown as Document;
    const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { date: /^\d{4}-\d{2}-\d{2}$/ } });
    const seen = new Set<string>();
    const problems: string[] = [];
    const check: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const method = request.method.toLowerCase();
        const operation = `${method} ${schemaPath}`;
        seen.add(operation);
        const documented = resolved.paths[schemaPath]?.[method]?.responses[String(response.status)];
        if (!documented) {
          problems.push(`${operation}: answered ${response.status}, which the document does not list`);
          return;
        }
        const schema = documented.content?.['application/json']?.schema;
        if (!schema) return;
        const validate = ajv.compile(schema);
        if (!validate(await response.clone().json()))
          problems.push(`${operation} ${response.status}: ${ajv.errorsText(validate.errors)}`);
      },
    };

    // Imported by its path at run time: the module's types exist only once the document is generated.
    const calls = (await import(/* @vite-ignore */ pathToFileURL(CALLS).href)) as {
      callEveryEndpoint(baseUrl: string, middleware: Middleware): Promise<void>;
    };
    await calls.callEveryEndpoint(base, check);

    expect(problems).toEqual([]);
    const operations = Object.entries(resolved.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect([...seen].sort()).toEqual(operations.sort());
  },
);
