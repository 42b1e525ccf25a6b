import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse, type Options } from 'csv-parse';

/**
 * Imports run inside the web server (the admin upload), so a large file must never hold the event
 * loop: CSV is parsed a slice at a time and planners hand the loop back every PLAN_CHUNK rows,
 * letting page requests run between chunks. The command line runs the same code.
 */
export const PLAN_CHUNK = 200;
const PARSE_SLICE = 64 * 1024;

/** Call once per row with the row's index: every PLAN_CHUNK rows it waits one turn of the event loop. */
export async function breathe(index: number): Promise<void> {
  if (index % PLAN_CHUNK === PLAN_CHUNK - 1) await nextTurn();
}

/** csv-parse's records for the whole text, fed in slices with a turn of the event loop between them. */
export async function parseCsvInSlices<T>(text: string, options: Options): Promise<T[]> {
  const parser = parse(options);
  const records: T[] = [];
  let failure: Error | null = null;
  parser.on('readable', () => {
    let r: T | null;
    while ((r = parser.read() as T | null) !== null) records.push(r);
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (e: Error) => {
      failure = e;
      resolve();
    });
  });
  for (let at = 0; at < text.length && !failure;) {
    let end = Math.min(at + PARSE_SLICE, text.length);
    // Never between the two halves of a surrogate pair: each slice is encoded as UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    parser.write(text.slice(at, end));
    at = end;
    await nextTurn();
  }
  if (!failure) parser.end();
  await ended;
  if (failure) throw failure;
  return records;
}
