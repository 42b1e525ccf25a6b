import type { z } from 'zod';
import type { NewUser } from '../accounts/user-schema.ts';
import { NotFoundError, RuleError } from '../domain/errors.ts';
import { audit, type Actor } from '../store/audit.ts';
import { createUser, endAllSessions, findUserByEmail, getUser, listUsers, setUserActive } from '../store/auth-repo.ts';
import { isUniqueViolation } from '../store/db.ts';
import { listServiceNames } from '../store/register-repo.ts';
import type { ServiceContext } from './context.ts';

const EMAIL_TAKEN = 'An account with this email address already exists';

/** Accounts: an administrator creates, deactivates and reactivates them, and signs people out everywhere. */
export function accountService({ database, now }: ServiceContext) {
  const db = () => database.db;
  return {
    list: () => listUsers(db()),
    /** The services an account can belong to (service users and board members), by name. */
    serviceChoices: () => listServiceNames(db()),
    async get(id: string) {
      const u = await getUser(db(), id, now());
      if (!u) throw new NotFoundError('No such account.');
      return u;
    },
    /**
     * Creates an account and its audit entry in one transaction; an email address names one account.
     * The actor is null when the command line creates the first administrator.
     */
    async create(actor: Actor | null, input: z.infer<typeof NewUser>) {
      if (await findUserByEmail(db(), input.email)) throw new RuleError(EMAIL_TAKEN, 'email');
      try {
        return await db().transaction(async (tx) => {
          const u = await createUser(tx, input);
          const after = { email: u.email, name: u.name, role: u.role, serviceId: u.serviceId };
          await audit(tx, actor, 'create', 'user', u.id, null, null, after);
          return u;
        });
      } catch (e) {
        // Two administrators adding the same address at once: the second loses the race to the unique key.
        if (isUniqueViolation(e)) throw new RuleError(EMAIL_TAKEN, 'email');
        throw e;
      }
    },
    /**
     * Deactivating ends every session at once. Administrators cannot deactivate themselves, which
     * also keeps the service from losing its last administrator by a slip.
     */
    async setActive(actor: Actor, userId: string, version: number, active: boolean) {
      if (!active && userId === actor.id)
        throw new RuleError('You cannot deactivate your own account. Ask another administrator.');
      await setUserActive(db(), actor, userId, version, active, now());
    },
    /** Ends every session of the account; the number ended (0 when the person was signed in nowhere). */
    signOutEverywhere: (actor: Actor, userId: string) => endAllSessions(db(), actor, userId),
  };
}
export type AccountService = ReturnType<typeof accountService>;
