import { parse } from 'csv-parse/sync';
import type { TableSchema } from '../../src/domain/data-package.ts';

/**
 * A small Table Schema (Frictionless) validator for the tests: the `frictionless` tool is a Python
 * package this machine cannot install, and no maintained JavaScript validator is a dependency. It
 * reads a CSV file as frictionless would (the header must name the schema's fields in order; a
 * cell in missingValues is null) and checks each cell's type and constraints (required, enum,
 * pattern, minimum, unique), the primary key, and foreign keys into the other tables given.
 * Only what the register's schemas use is supported; anything else is reported, not skipped.
 */

export interface Table {
  name: string;
  schema: TableSchema;
  csv: string;
}

type Cell = string | number | boolean | null;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const realDate = (y: string, m: string, d: string) => {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
};

/** The cell as its field's type, or an error message. */
function cast(field: TableSchema['fields'][number], raw: string): { value: Cell } | { error: string } {
  switch (field.type) {
    case 'string':
      return { value: raw };
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: `"${raw}" is not an integer` };
    case 'boolean':
      if ((field.trueValues ?? ['true']).includes(raw)) return { value: true };
      if ((field.falseValues ?? ['false']).includes(raw)) return { value: false };
      return { error: `"${raw}" is not a boolean` };
    case 'date': {
      if (field.format && field.format !== 'default') return { error: `date format ${field.format} not supported` };
      const m = DATE.exec(raw);
      return m && realDate(m[1]!, m[2]!, m[3]!) ? { value: raw } : { error: `"${raw}" is not a date` };
    }
    case 'datetime': {
      if (field.format !== '%Y-%m-%dT%H:%M:%S.%fZ') return { error: `datetime format ${field.format} not supported` };
      const m = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{1,6}Z$/.exec(raw);
      return m && realDate(m[1]!, m[2]!, m[3]!) ? { value: raw } : { error: `"${raw}" is not a datetime` };
    }
    default:
      return { error: `type ${String(field.type)} not supported` };
  }
}

/** Every problem in the tables, as "table row N field: message"; empty when all is valid. */
export function validateTables(tables: Table[]): string[] {
  const errors: string[] = [];
  const rowsOf = new Map<string, Record<string, Cell>[]>();
  for (const t of tables) {
    const [header, ...records] = parse(t.csv, { relax_column_count: false }) as string[][];
    const names = t.schema.fields.map((f) => f.name);
    if (JSON.stringify(header) !== JSON.stringify(names)) {
      errors.push(`${t.name}: header ${JSON.stringify(header)} is not the schema's fields ${JSON.stringify(names)}`);
      continue;
    }
    const seen = new Map<string, Set<string>>();
    const keys = new Set<string>();
    const rows: Record<string, Cell>[] = [];
    records.forEach((record, i) => {
      const at = `${t.name} row ${i + 2}`;
      const row: Record<string, Cell> = {};
      t.schema.fields.forEach((f, j) => {
        const raw = record[j]!;
        const c = f.constraints ?? {};
        if (t.schema.missingValues.includes(raw)) {
          row[f.name] = null;
          if (c.required) errors.push(`${at} ${f.name}: required but empty`);
          return;
        }
        const cell = cast(f, raw);
        if ('error' in cell) return void errors.push(`${at} ${f.name}: ${cell.error}`);
        row[f.name] = cell.value;
        if (c.enum && !c.enum.includes(raw))
          errors.push(`${at} ${f.name}: "${raw}" is not one of ${c.enum.join(', ')}`);
        if (c.pattern && !new RegExp(`^(?:${c.pattern})$`, 'u').test(raw))
          errors.push(`${at} ${f.name}: "${raw}" does not match ${c.pattern}`);
        if (c.minimum !== undefined && typeof cell.value === 'number' && cell.value < c.minimum)
          errors.push(`${at} ${f.name}: ${cell.value} is below ${c.minimum}`);
        if (c.unique) {
          const values = seen.get(f.name) ?? seen.set(f.name, new Set()).get(f.name)!;
          if (values.has(raw)) errors.push(`${at} ${f.name}: "${raw}" is not unique`);
          values.add(raw);
        }
      });
      const key = JSON.stringify(t.schema.primaryKey.map((k) => row[k]));
      if (keys.has(key)) errors.push(`${at}: primary key ${key} is not unique`);
      keys.add(key);
      rows.push(row);
    });
    rowsOf.set(t.name, rows);
  }
  for (const t of tables) {
    for (const fk of t.schema.foreignKeys ?? []) {
      const target = rowsOf.get(fk.reference.resource);
      if (!target) {
        errors.push(`${t.name}: foreign key to ${fk.reference.resource}, which is not among the tables`);
        continue;
      }
      const present = new Set(target.map((r) => JSON.stringify(fk.reference.fields.map((f) => r[f]))));
      (rowsOf.get(t.name) ?? []).forEach((r, i) => {
        // As in Table Schema, a foreign key whose cells are all empty refers to nothing and is not checked.
        if (fk.fields.every((f) => r[f] === null)) return;
        const key = JSON.stringify(fk.fields.map((f) => r[f]));
        if (!present.has(key)) errors.push(`${t.name} row ${i + 2}: ${key} is not in ${fk.reference.resource}`);
      });
    }
  }
  return errors;
}
