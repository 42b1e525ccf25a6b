import type { InspectionRecord } from '../domain/inspection-record.ts';
import type { ExportableRecord } from '../domain/register-format.ts';

/**
 * An import plan: what each row of a file would do, and why, before anything is written. Every
 * format's planner (importer.ts, hmip-scrape.ts) returns one; the importer applies it.
 */
export type Action = 'import' | 'merge' | 'unchanged' | 'reject' | 'flag';
export interface RowReport {
  line: number;
  key: string;
  action: Action;
  reasons: string[];
  /** The register's reference of the inspection a merge adds to, where the key is not that reference. */
  ref?: string;
}
export interface ImportPlan {
  format: 'register-csv' | 'register-json' | 'sourced-csv' | 'hmip-scrape-csv';
  rows: RowReport[];
  records: (ExportableRecord | (InspectionRecord & { serviceSlug?: string }))[];
}
