import type { z } from 'zod';

/** GOV.UK error summary + field messages from Zod issues; the first issue per field wins. */
export interface FormErrors {
  errorList: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export function formErrors(
  issues: readonly z.core.$ZodIssue[],
  idOf: (path: string) => string = (p) => p.replace(/\./g, '-'),
): FormErrors {
  const fields: FormErrors['fields'] = {};
  const errorList: FormErrors['errorList'] = [];
  for (const i of issues) {
    const path = i.path.map(String).join('.') || 'form';
    if (fields[path]) continue;
    fields[path] = { text: i.message };
    errorList.push({ text: i.message, href: `#${idOf(path)}` });
  }
  return { errorList, fields };
}

export function singleError(field: string, text: string): FormErrors {
  return { errorList: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}

/**
 * Several problems with one field (a file's refused columns and bad rows): each in the summary,
 * all linking to the field, and the first beside it.
 */
export function fieldErrors(field: string, texts: readonly string[]): FormErrors {
  return {
    errorList: texts.map((text) => ({ text, href: `#${field}` })),
    fields: { [field]: { text: texts[0] ?? '' } },
  };
}

/** Form bodies arrive as strings (or arrays for repeated names); anything else is not a form. */
export function formBody(body: unknown): Record<string, string | string[]> {
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {};
}
