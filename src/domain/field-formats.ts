/**
 * Formats of the imported fields that end up in links and pages. Checked at import, so a file
 * cannot put a script address or markup where the register expects a code or a web address.
 */

/** An ONS (GSS) area code: a nation letter and eight digits, e.g. E09000006. */
export const ONS_CODE = /^[EWSN]\d{8}$/;

export function isOnsCode(value: string): boolean {
  return ONS_CODE.test(value);
}

/**
 * An absolute http or https address, as the URL API reads it. Whitespace and control characters
 * are refused outright: the URL API would silently drop or trim them, and the text kept in the
 * register is the text given, so it must be exactly what a browser will follow.
 */
export function isWebUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!value || /[\s\u0000-\u001F\u007F]/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A value shortened for a message, so a reason never repeats a whole hostile cell. */
export function quoted(value: string, max = 60): string {
  return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
}
