import {
  DATA_LICENCE,
  FORMAT_VERSION,
  INSPECTION_COLUMNS,
  RATING_COUNT_COLUMNS,
  STANDARD_COLUMNS,
  THEMATIC_COLUMNS,
  type Column,
} from './register-format.ts';

/**
 * The downloads described as a Frictionless Tabular Data Package (datapackage.json): one resource
 * per CSV file with its Table Schema (types, allowed values, required columns, keys, missing
 * values, descriptions), the licence, the source and the format version. Made from the column
 * definitions of `register-format.ts`, which the CSV writer, the importer and the data dictionary
 * page use too, so the package cannot describe a file other than the one downloaded.
 */

/** What the framework files allow, known only when the app runs. */
export interface PackageFrameworks {
  ids: readonly string[];
  ratings: readonly string[];
}

export interface TableField {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean' | 'date' | 'datetime';
  format?: string;
  example: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: { required?: boolean; unique?: boolean; enum?: string[]; pattern?: string; minimum?: number };
}

export interface TableSchema {
  fields: TableField[];
  missingValues: string[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

export interface CsvFile {
  /** The resource's name in the package, and its file's name before `.csv`. */
  name: 'inspections' | 'standard-ratings' | 'rating-counts' | 'thematic-inspections';
  title: string;
  description: string;
  columns: Column[];
  primaryKey: string[];
  foreignKeys?: TableSchema['foreignKeys'];
}

/** The downloadable CSV files, in the order the downloads page lists them. */
export const CSV_FILES: readonly CsvFile[] = [
  {
    name: 'inspections',
    title: 'Inspections',
    description: 'One row per published inspection',
    columns: INSPECTION_COLUMNS,
    primaryKey: ['inspection_ref'],
  },
  {
    name: 'standard-ratings',
    title: 'Standard ratings',
    description: 'One row per standard rating of a published inspection',
    columns: STANDARD_COLUMNS,
    primaryKey: ['inspection_ref', 'standard_id'],
    foreignKeys: [{ fields: ['inspection_ref'], reference: { resource: 'inspections', fields: ['inspection_ref'] } }],
  },
  {
    name: 'rating-counts',
    title: 'Counts of services by rating',
    description:
      "How many services' latest overall rating was each rating, nationally and in each region, as a range " +
      'where the register does not know every date, with the services that make the difference',
    columns: RATING_COUNT_COLUMNS,
    primaryKey: ['scope_kind', 'scope', 'rating'],
  },
  {
    name: 'thematic-inspections',
    title: 'Thematic inspections',
    description:
      'One row per published thematic inspection (a subject inspected across services, not one ' +
      "service's inspection): listed with its sources, never counted in any service's rating",
    columns: THEMATIC_COLUMNS,
    primaryKey: ['thematic_ref'],
  },
];

const TYPE_FORMAT: Partial<Record<TableField['type'], string>> = {
  // JavaScript's toISOString: milliseconds and Z. Table Schema's default datetime has neither.
  datetime: '%Y-%m-%dT%H:%M:%S.%fZ',
};

/** One column as a Table Schema field. */
export function tableField(c: Column, frameworks: PackageFrameworks, primaryKey: readonly string[] = []): TableField {
  const allowed =
    c.allowed === 'ratings'
      ? [...frameworks.ratings, ...(c.alsoAllowed ?? [])]
      : c.allowed === 'frameworks'
        ? [...frameworks.ids]
        : c.allowed
          ? [...c.allowed]
          : undefined;
  const type = c.type ?? 'string';
  const constraints: NonNullable<TableField['constraints']> = {
    ...(c.required || primaryKey.includes(c.name) ? { required: true } : {}),
    ...(primaryKey.length === 1 && primaryKey[0] === c.name ? { unique: true } : {}),
    ...(allowed ? { enum: allowed } : {}),
    ...(c.pattern ? { pattern: c.pattern } : {}),
    ...(c.minimum !== undefined ? { minimum: c.minimum } : {}),
  };
  return {
    name: c.name,
    description: c.description + (c.since ? ` (since format version ${c.since})` : ''),
    type,
    ...(TYPE_FORMAT[type] ? { format: TYPE_FORMAT[type] } : {}),
    example: c.example,
    ...(type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

export function tableSchema(file: CsvFile, frameworks: PackageFrameworks): TableSchema {
  return {
    fields: file.columns.map((c) => tableField(c, frameworks, file.primaryKey)),
    // Every CSV writes an absent value as an empty cell, and nothing else means absent.
    missingValues: [''],
    primaryKey: file.primaryKey,
    ...(file.foreignKeys ? { foreignKeys: file.foreignKeys } : {}),
  };
}

/**
 * The package for the downloads as at a date (or today, without one). Resource paths are relative
 * to the descriptor's own address (/downloads/datapackage.json), so the package describes the
 * files beside it wherever the site is served, and carries the same asAt, so its files agree.
 */
export function dataPackage(opts: {
  frameworks: PackageFrameworks;
  asAt?: string;
  created: Date;
  siteName: string;
  homepage: string;
}) {
  const query = opts.asAt ? `?asAt=${opts.asAt}` : '';
  return {
    profile: 'tabular-data-package',
    name: 'inspectorate-register',
    title: `${opts.siteName}: published inspections`,
    description:
      'Every published inspection in the register, each standard rating, the counts of services by ' +
      'rating, and the published thematic inspections, as CSV. Nothing under embargo ' +
      'is ever included. A text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, ' +
      'a tab or a carriage return, or their full-width forms) or that starts with an apostrophe is written ' +
      'with one more apostrophe in front: remove one leading apostrophe from any cell that has one.',
    version: FORMAT_VERSION,
    homepage: opts.homepage,
    created: opts.created.toISOString(),
    keywords: ['youth justice', 'inspections', 'ratings', 'England', 'Wales'],
    licenses: [{ ...DATA_LICENCE }],
    sources: [
      {
        title: 'HM Inspectorate of Probation: inspection reports and ratings',
        path: 'https://www.justiceinspectorates.gov.uk/hmiprobation/',
      },
    ],
    resources: CSV_FILES.map((file) => ({
      profile: 'tabular-data-resource',
      name: file.name,
      path: `${file.name}.csv${query}`,
      title: file.title,
      description: `${file.description} (register format version ${FORMAT_VERSION})`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', doubleQuote: true, header: true, lineTerminator: '\n' },
      schema: tableSchema(file, opts.frameworks),
    })),
  };
}
