import { z } from 'zod';
import { MAX_LISTED_CLAIMS } from '../services/claims.ts';
import { MAX_SENTENCE } from '../domain/release-check.ts';
import {
  ClaimsCheckBody,
  DirectoryOut,
  ErrorOut,
  FrameworkOut,
  FrameworkParams,
  InspectionDetailOut,
  InspectionPage,
  InspectionParams,
  InspectionsQuery,
  ServiceOut,
  ServicePage,
  ServiceParams,
  ServicesQuery,
  StatisticsOut,
  StatisticsQuery,
} from './schemas.ts';

/** Query (or path) parameters for OpenAPI, from the same Zod object the route validates them with. */
function parameters(schema: z.ZodObject, where: 'query' | 'path' = 'query') {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    description: s.description as string | undefined,
    schema: s,
  }));
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
  content: { 'application/json': { schema: z.toJSONSchema(schema, { unrepresentable: 'any' }) } },
});
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(ErrorOut) } },
});
const errors = {
  '400': {
    description: 'Bad request: the query (or body) is invalid; details name each problem',
    content: { 'application/json': { schema: z.toJSONSchema(ErrorOut) } },
  },
  '404': {
    description: 'Not found (or not yet published)',
    content: { 'application/json': { schema: z.toJSONSchema(ErrorOut) } },
  },
};

export function openApiDocument(origin: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inspectorate open data API',
      version: '1.0.0',
      description:
        'Published inspections of youth justice services in England and Wales. ' +
        'Read-only, no key. Nothing under embargo is ever returned.',
    },
    servers: [{ url: `${origin}/api/v1` }],
    paths: {
      '/frameworks': {
        get: {
          summary: 'Inspection frameworks',
          responses: { '200': json(z.object({ data: z.array(FrameworkOut) }), 'All framework versions') },
        },
      },
      '/frameworks/{id}': {
        get: {
          summary: 'One framework',
          parameters: parameters(FrameworkParams, 'path'),
          responses: { '200': json(z.object({ data: FrameworkOut }), 'The framework'), ...errors },
        },
      },
      '/services': {
        get: {
          summary: 'Services with a published inspection',
          parameters: parameters(ServicesQuery),
          responses: { '200': json(ServicePage, 'A page of services'), ...errors },
        },
      },
      '/directory': {
        get: {
          summary: 'Every youth justice service of England and Wales, current and former, and what the register holds',
          responses: { '200': json(DirectoryOut, 'The directory of services') },
        },
      },
      '/services/{slug}': {
        get: {
          summary: 'One service',
          parameters: parameters(ServiceParams, 'path'),
          responses: { '200': json(z.object({ data: ServiceOut }), 'The service'), ...errors },
        },
      },
      '/inspections': {
        get: {
          summary: 'Published inspections',
          parameters: parameters(InspectionsQuery),
          responses: { '200': json(InspectionPage, 'A page of inspections, in reference order'), ...errors },
        },
      },
      '/inspections/{ref}': {
        get: {
          summary: 'One inspection with its standards, recommendations and findings',
          parameters: parameters(InspectionParams, 'path'),
          responses: { '200': json(z.object({ data: InspectionDetailOut }), 'The inspection'), ...errors },
        },
      },
      '/claims/check': {
        post: {
          summary: 'Check the claims in a text (press release, article) against the register',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: z.toJSONSchema(ClaimsCheckBody, { io: 'input', unrepresentable: 'any' }) },
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
            },
            ...errors,
            '415': errorResponse('The body is not JSON'),
            '429': errorResponse('Too many checks from this address; Retry-After says how many seconds to wait'),
          },
        },
      },
      '/statistics': {
        get: {
          summary: 'Counts by latest overall rating, nationally, by nation and by region',
          parameters: parameters(StatisticsQuery),
          responses: { '200': json(z.object({ data: StatisticsOut }), 'Statistics'), ...errors },
        },
      },
    },
  };
}
