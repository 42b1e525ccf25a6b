import { eq, sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/store/auth-repo.ts';
import { migrate, openDatabase, type Database } from '../../src/store/db.ts';
import { migrationsBefore, removeMigrationCopies } from '../helpers/migrations.ts';
import { factualAccuracyChecks, serviceComments, services } from '../../src/store/schema.ts';

const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
  removeMigrationCopies();
});

describe('the migration that adds the factual-accuracy check', () => {
  it('gives an inspection already at the check its deadline, and keeps earlier comments as "other", unanswered', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    opened.push(database);
    await migratePglite(database.db as never, { migrationsFolder: migrationsBefore('_factual_accuracy_check') });
    const db = database.db;
    const user = await createUser(db, { email: 's@example.test', name: 'S', password: 'x'.repeat(12), role: 'admin' });
    const [svc] = await db
      .insert(services)
      .values({ slug: 's', name: 'S YJS', areaKey: 's', region: 'London', nation: 'England' })
      .returning();
    // In SQL, naming only the columns of the time: the schema's insert would name every column of today.
    // Updated on Friday 4 December 2026 in London.
    const [insp] = (
      (await db.execute(
        sql`insert into inspections
              (ref, service_id, framework_id, framework_version, status, origin, version, updated_at)
            values ('s-2026', ${svc!.id}, 'hmip-youth-2021', '2021.1', 'factual_accuracy', 'workflow', 5,
              '2026-12-04T10:00:00Z') returning id`,
      )) as unknown as { rows: { id: string }[] }
    ).rows;
    // The table's columns as they were: no section, no answer.
    await db.execute(
      sql`insert into service_comments (inspection_id, user_id, text) values (${insp!.id}, ${user.id}, 'Old comment')`,
    );

    await migrate(database);
    const [check] = await db
      .select()
      .from(factualAccuracyChecks)
      .where(eq(factualAccuracyChecks.inspectionId, insp!.id));
    expect(check).toMatchObject({ deadline: '2026-12-18', remindOn: '2026-12-16', workingDays: 10, draftVersion: 5 });
    const [comment] = await db.select().from(serviceComments).where(eq(serviceComments.inspectionId, insp!.id));
    expect(comment).toMatchObject({ section: 'other', response: null, version: 1 });
  });
});
