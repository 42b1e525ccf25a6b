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

/**
 * The values to show again on a date form (GOV.UK date input `date-day`/`-month`/`-year`) after a
 * rule was broken: a body that passed its schema has had the three fields read into one ISO `date`,
 * so they are split back out, without leading zeros, as the person typed them. A body that failed the
 * schema still has the fields as typed and is returned unchanged.
 */
export function dateFormValues(body: unknown): Record<string, unknown> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const typed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof values.date === 'string' ? values.date : '');
  if (!typed) return values;
  return {
    ...values,
    'date-year': typed[1],
    'date-month': String(Number(typed[2])),
    'date-day': String(Number(typed[3])),
  };
}
