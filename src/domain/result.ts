/** A located problem: `path` names the field (dotted), `message` says what is wrong in plain English. */
export interface Problem {
  path: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(problems: Problem[]): Result<T> => ({ ok: false, problems });

/** Turns Zod issues into our Problem shape so every boundary reports errors the same way. */
export function problemsFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): Problem[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
