import { z } from 'zod';
import { MAX_LISTED_CLAIMS } from '../services/claims.ts';
import { MAX_SENTENCE } from '../domain/release-check.ts';
import { DATA_LICENCE } from '../domain/register-format.ts';
import {
  ClaimsCheckBody,
  ClaimsReportOut,
  DirectoryOut,
  ErrorOut,
  FrameworkAnswer,
  FrameworkList,
  FrameworkOut,
  FrameworkParams,
  InspectionAnswer,
  InspectionDetailOut,
  PressReleaseOut,
  InspectionPage,
  InspectionParams,
  InspectionSummaryOut,
  InspectionsQuery,
  PartialDateOut,
  ServiceAnswer,
  ServiceOut,
  ServicePage,
  ServiceParams,
  ServicesQuery,
  StandardRatingOut,
  StatisticsAnswer,
  StatisticsPageMeta,
  StatisticsOut,
  StatisticsQuery,
  ThematicInspectionOut,
  ThematicList,
  ThematicQuery,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 document, generated from the Zod schemas the routes validate and answer with.
 * Named schemas live once under components/schemas and are referenced as #/components/schemas/…,
 * which is where client generators (openapi-typescript, swagger-parser) look for them; a schema
 * converted on its own would carry its named parts in a $defs of its own that no reference from
 * elsewhere in the document can reach.
 */

const ref = (id: string) => `#/components/schemas/${id}`;

/** Every named schema of the API, by the id its `.meta` gives it. */
const NAMED: z.ZodType[] = [
  PartialDateOut,
  StandardRatingOut,
  InspectionSummaryOut,
  PressReleaseOut,
  InspectionDetailOut,
  ServiceOut,
  FrameworkOut,
  StatisticsOut,
  ErrorOut,
  InspectionPage,
  ServicePage,
  FrameworkList,
  FrameworkAnswer,
  ServiceAnswer,
  InspectionAnswer,
  StatisticsAnswer,
  StatisticsPageMeta,
  DirectoryOut,
  ClaimsReportOut,
  ThematicInspectionOut,
  ThematicList,
];

type JsonSchema = Record<string, unknown>;

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const schema of NAMED) {
    const id = (schema.meta() as { id?: string } | undefined)?.id;
    if (!id) throw new Error('An API schema in NAMED has no id');
    registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, { uri: ref, unrepresentable: 'any' });
  // $id and $schema would make each component a document of its own, against which its
  // #/components/… references would then resolve; the OpenAPI document is their one base.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $id: _id, $schema: _schema, ...rest } = s as JsonSchema;
      return [id, rest];
    }),
  );
}

/**
 * Query (or path) parameters, from the same Zod object the route validates them with. A parameter
 * that takes several values (repeated or comma-separated) is documented as the array it becomes,
 * sent repeated (form, explode), which is how generated clients send an array.
 */
function parameters(schema: z.ZodObject, where: 'query' | 'path' = 'query') {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const input = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const several = Array.isArray(input.anyOf) && (input.anyOf as JsonSchema[]).some((s) => s.type === 'array');
    const json = several ? (z.toJSONSchema(field, { io: 'output', unrepresentable: 'any' }) as JsonSchema) : input;
    const { $schema: _s, description, examples, ...rest } = json;
    // The metadata (description, examples) sits on the field, whichever side of a pipe was converted.
    const meta = field.meta() as { description?: string; examples?: unknown[] } | undefined;
    const example = (examples as unknown[] | undefined)?.[0] ?? meta?.examples?.[0];
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      description: (description as string | undefined) ?? meta?.description ?? name,
      ...(several ? { style: 'form', explode: true } : {}),
      schema: rest,
      ...(example !== undefined ? { example } : {}),
    };
  });
}

/** A request body's schema, as the route reads it (before defaults and transforms). */
function requestSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const headers = {
  ETag: { $ref: '#/components/headers/ETag' },
  'Cache-Control': { $ref: '#/components/headers/CacheControl' },
};
const json = (id: string, description: string) => ({
  description,
  headers,
  content: { 'application/json': { schema: { $ref: ref(id) } } },
});
const notModified = { '304': { $ref: '#/components/responses/NotModified' } };
const badRequest = { '400': { $ref: '#/components/responses/BadRequest' } };
const notFound = { '404': { $ref: '#/components/responses/NotFound' } };

/** An error answer with its example, for components/responses. */
const errorAnswer = (description: string, code: string, message: string, details?: unknown[]) => ({
  description,
  content: {
    'application/json': {
      schema: { $ref: ref('Error') },
      example: { error: { code, message, ...(details ? { details } : {}) } },
    },
  },
});

export function openApiDocument(origin: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inspectorate open data API',
      version: '1.0.0',
      description:
        'Published inspections of youth justice services in England and Wales. ' +
        'Read-only, no key. Nothing under embargo is ever returned. ' +
        'Lists are paged: follow links.next until it is null. ' +
        'Answers that take asAt give the register as it stood on that date.',
      license: { name: DATA_LICENCE.title, url: DATA_LICENCE.path },
    },
    servers: [{ url: `${origin}/api/v1`, description: 'This register' }],
    // No key and no sign-in: every operation is public.
    security: [],
    tags: [
      { name: 'Register', description: 'Inspections, services and frameworks' },
      { name: 'Statistics', description: 'Counts by rating' },
      { name: 'Claims', description: 'Checking a text’s claims against the register' },
      { name: 'Document', description: 'This document' },
    ],
    paths: {
      '/frameworks': {
        get: {
          operationId: 'listFrameworks',
          tags: ['Register'],
          summary: 'Inspection frameworks',
          description: 'Every framework version, with its rating scale and standards.',
          responses: { '200': json('FrameworkList', 'All framework versions'), ...notModified },
        },
      },
      '/frameworks/{id}': {
        get: {
          operationId: 'getFramework',
          tags: ['Register'],
          summary: 'One framework',
          description: 'One framework version by its id.',
          parameters: parameters(FrameworkParams, 'path'),
          responses: { '200': json('FrameworkAnswer', 'The framework'), ...notModified, ...notFound },
        },
      },
      '/services': {
        get: {
          operationId: 'listServices',
          tags: ['Register'],
          summary: 'Services with a published inspection',
          description: 'A page of services, by slug, each with its latest published inspection.',
          parameters: parameters(ServicesQuery),
          responses: { '200': json('ServicePage', 'A page of services'), ...notModified, ...badRequest },
        },
      },
      '/directory': {
        get: {
          operationId: 'getDirectory',
          tags: ['Register'],
          summary: 'Every youth justice service of England and Wales, current and former, and what the register holds',
          description: 'The directory of services, whether or not the register holds an inspection of each.',
          responses: { '200': json('Directory', 'The directory of services'), ...notModified },
        },
      },
      '/thematic-inspections': {
        get: {
          operationId: 'listThematicInspections',
          tags: ['Register'],
          summary: 'Thematic inspections',
          description:
            'Inspections of a subject across services (not of one service), with their public sources and the ' +
            'services whose work was sampled where a source names them. They have no rating and are never ' +
            'counted in a service’s rating, the statistics or any count.',
          parameters: parameters(ThematicQuery),
          responses: { '200': json('ThematicList', 'Every public thematic inspection'), ...notModified, ...badRequest },
        },
      },
      '/services/{slug}': {
        get: {
          operationId: 'getService',
          tags: ['Register'],
          summary: 'One service',
          description: 'One service with a published inspection, by slug.',
          parameters: parameters(ServiceParams, 'path'),
          responses: { '200': json('ServiceAnswer', 'The service'), ...notModified, ...notFound },
        },
      },
      '/inspections': {
        get: {
          operationId: 'listInspections',
          tags: ['Register'],
          summary: 'Published inspections',
          description: 'A page of published inspections in reference order, filtered as the parameters say.',
          parameters: parameters(InspectionsQuery),
          responses: {
            '200': json('InspectionPage', 'A page of inspections, in reference order'),
            ...notModified,
            ...badRequest,
          },
        },
      },
      '/inspections/{ref}': {
        get: {
          operationId: 'getInspection',
          tags: ['Register'],
          summary: 'One inspection with its standards, recommendations and findings',
          description: 'One published inspection by its reference.',
          parameters: parameters(InspectionParams, 'path'),
          responses: { '200': json('InspectionAnswer', 'The inspection'), ...notModified, ...notFound },
        },
      },
      '/claims/check': {
        post: {
          operationId: 'checkClaims',
          tags: ['Claims'],
          summary: 'Check the claims in a text (press release, article) against the register',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: requestSchema(ClaimsCheckBody),
                example: { text: 'Bromley YJS was rated Outstanding, scoring 33 out of 36.', asAt: '2025-01-07' },
              },
            },
          },
          description:
            'No sign-in; the body must be JSON (anything else is refused with 415), and each address may check ' +
            'a limited number of texts a minute (429 with Retry-After beyond it).',
          responses: {
            '200': {
              description:
                'A verdict per claim: supported, consistent (the register cannot decide; not contradicted), ' +
                'contradicted (certain) or unverifiable, with offsets and the sentence ' +
                `(at most ${MAX_SENTENCE} characters around the claim). At most ${MAX_LISTED_CLAIMS} verdicts ` +
                'are listed; omitted says how many more were checked and counted.',
              content: { 'application/json': { schema: { $ref: ref('ClaimsReport') } } },
            },
            '400': errorAnswer(
              'The body is not valid: no text, or a bad asAt',
              'invalid_body',
              'The request body is not valid; see details.',
              [{ path: 'text', message: 'text is required: the press release or article to check' }],
            ),
            '415': { $ref: '#/components/responses/UnsupportedMediaType' },
            '429': { $ref: '#/components/responses/TooManyRequests' },
          },
        },
      },
      '/statistics': {
        get: {
          operationId: 'getStatistics',
          tags: ['Statistics'],
          summary: 'Counts by latest overall rating, nationally, by nation and by region',
          description:
            'Each service counted once, by its latest overall rating as at the date. The counts are whole on ' +
            'every page; the lists of services behind them (basis.counted, basis.uncertain, couldChange) are ' +
            'paged together, limit items of each a page: follow links.next until it is null. ' +
            'The figures are computed once each time the register changes, so every page is read in the same time.',
          parameters: parameters(StatisticsQuery),
          responses: { '200': json('StatisticsAnswer', 'Statistics'), ...notModified, ...badRequest },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['Document'],
          summary: 'This document',
          description: 'The OpenAPI 3.1 description of this API.',
          responses: {
            '200': {
              description: 'The OpenAPI document',
              headers,
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...notModified,
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      headers: {
        ETag: {
          description: 'Validator of this answer: send it back in If-None-Match to get 304 when nothing changed',
          schema: { type: 'string' },
        },
        CacheControl: { description: 'How long the answer may be cached', schema: { type: 'string' } },
      },
      responses: {
        NotModified: { description: 'Not modified: the If-None-Match ETag is still current' },
        BadRequest: errorAnswer(
          'The query string is not valid (details name each problem), the cursor is not one this API issued, ' +
            'or asAt is after today',
          'invalid_query',
          'The query string is not valid; see details.',
          [{ path: 'limit', message: 'Too big: expected number to be <=500' }],
        ),
        NotFound: errorAnswer(
          'Nothing at this address, or not yet published',
          'not_found',
          'No published inspection "bromley-2031".',
        ),
        UnsupportedMediaType: errorAnswer(
          'The body is not JSON',
          'unsupported_media_type',
          'Send the text as JSON with Content-Type: application/json, for example {"text": "…"}.',
        ),
        TooManyRequests: {
          ...errorAnswer(
            'Too many checks from this address',
            'rate_limited',
            'Too many checks from your address (the limit is 10 a minute). Try again in 42 seconds.',
          ),
          headers: {
            'Retry-After': { description: 'How many seconds to wait', schema: { type: 'integer' } },
          },
        },
      },
    },
  };
}
