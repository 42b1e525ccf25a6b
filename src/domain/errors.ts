/**
 * The few ways a request can fail that are not a fault of ours. Services and repositories throw
 * them; one error handler for pages and one for the API turn each into its HTTP answer
 * (web/errors/handler.ts), so no route decides on its own what a broken rule or a missing record
 * means. Anything else that is thrown is a fault: logged, and answered with a 500.
 */

/** The record asked for does not exist (or must not be admitted to exist): 404. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The caller may not do this to this record (another service's inspection, not the assigned lead): 403. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/**
 * Someone else changed the record since the caller read it (a stale version, or a first write
 * that lost a race): 409, showing both versions so nothing is lost silently.
 */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    readonly entity: string,
    readonly current: Record<string, unknown>,
    readonly attempted: Record<string, unknown>,
  ) {
    super(`This ${entity} was changed by someone else while you were editing it.`);
  }
}

/**
 * A rule of the journey forbids this now (cases after fieldwork, a publication before fieldwork
 * ended): 409, with the rule in the message. `field` names the form field the rule is about, when
 * there is one, so a form can show the message beside it. `status` is for the few rules whose
 * answer has always been another 4xx (400 for a date in the past, 422 for a publication blocked
 * by its checks).
 */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    message: string,
    readonly field?: string,
    readonly status: 400 | 409 | 422 = 409,
  ) {
    super(message);
  }
}

/**
 * The request itself is malformed (a bad query string, a NUL character, an uploaded file with
 * refused columns): 400, listing each problem. With `field`, a form route shows itself again with
 * every problem in its error summary, linked to that field.
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly problems: string[],
    readonly field?: string,
  ) {
    super(problems.join('; '));
  }
}
