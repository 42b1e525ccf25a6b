import { z } from 'zod';
import { isServiceRole, ROLES } from '../domain/roles.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

/** A new account, from the admin page or the create-admin command. */
export const NewUser = z
  .object({
    // In the order the form asks, so the error summary lists problems in the order of the fields.
    name: z.string().trim().min(1, 'Enter the person’s name').max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'Enter an email address')
      .max(254)
      .email('Enter an email address in the correct format, like name@example.org'),
    role: z.enum(ROLES, { message: 'Select a role' }),
    serviceId: z
      .string()
      .optional()
      .transform((v) => v || null),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, 'Password must be 200 characters or fewer'),
  })
  .refine((u) => !isServiceRole(u.role) || !!u.serviceId, {
    message: 'Select the service this user belongs to',
    path: ['serviceId'],
  })
  .refine((u) => isServiceRole(u.role) || !u.serviceId, {
    message: 'Only service users and board members belong to a service',
    path: ['serviceId'],
  });
