import { z } from 'zod';

/**
 * Record ids are UUIDs made by the database (version 4, RFC 9562 variant). One strict schema for
 * every id that arrives from outside: PostgreSQL refuses anything it cannot read as a UUID with an
 * error, so a loose check (hex and hyphens of the right length) let malformed ids through to a 500.
 * Anything that fails here is an id that cannot exist, so callers answer "not found".
 */
export const RecordId = z.uuid();

export const isRecordId = (v: unknown): v is string => RecordId.safeParse(v).success;
