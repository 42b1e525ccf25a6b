/**
 * Every CSV the register writes may be opened in a spreadsheet, where a cell beginning with "=",
 * "+", "-", "@", a tab or a carriage return (or the full-width forms some spreadsheets fold into
 * them) is read as a formula. Such a cell is written with a leading apostrophe, which makes it
 * text. A cell that itself begins with an apostrophe gets one more, so the rule can always be
 * undone: on import, one leading apostrophe is removed from any cell that has one. Export → import
 * → export therefore reproduces the text exactly, whatever it starts with.
 *
 * csv-stringify's own escape_formulas option escapes the same characters but not a leading
 * apostrophe, so "'=x" and "=x" would export alike and could not be told apart on import.
 */
const NEEDS_PREFIX = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', "'"]);

export function escapeCsvCell(value: string): string {
  return value !== '' && NEEDS_PREFIX.has(value[0]!) ? `'${value}` : value;
}

export function unescapeCsvCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

/** Options for csv-stringify that every CSV writer passes, so no writer can forget the rule. */
export const CSV_CELL_OPTIONS = { cast: { string: (value: string) => escapeCsvCell(value) } } as const;
