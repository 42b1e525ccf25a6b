import { eq, sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/store/auth-repo.ts';
import { migrate, openDatabase, type Database } from '../../src/store/db.ts';
import { migrationsBefore, removeMigrationCopies } from '../helpers/migrations.ts';
import { auditEvents, caseAssessments, inspections, inspectionTeam, services } from '../../src/store/schema.ts';

const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
  removeMigrationCopies();
});

describe('the migration that adds inspection teams', () => {
  it('keeps the people already working on an inspection: its creator leads it, its case inspectors join the team', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    opened.push(database);
    await migratePglite(database.db as never, { migrationsFolder: migrationsBefore('_inspection_team') });
    const db = database.db;
    const lead = await createUser(db, {
      email: 'l@example.test',
      name: 'L',
      password: 'x'.repeat(12),
      role: 'lead_inspector',
    });
    const inspector = await createUser(db, {
      email: 'i@example.test',
      name: 'I',
      password: 'x'.repeat(12),
      role: 'inspector',
    });
    const [svc] = await db
      .insert(services)
      .values({ slug: 's', name: 'S YJS', areaKey: 's', region: 'London', nation: 'England' })
      .returning();
    // In SQL, naming only the columns of the time: the schema's insert would name every column of today.
    const [insp] = (
      (await db.execute(
        sql`insert into inspections (ref, service_id, framework_id, framework_version, status, origin)
            values ('s-2026', ${svc!.id}, 'hmip-youth-2025', '2025.2', 'fieldwork', 'workflow') returning id`,
      )) as unknown as { rows: { id: string }[] }
    ).rows;
    await db.insert(auditEvents).values({
      actorId: lead.id,
      actorName: 'L',
      actorRole: 'lead_inspector',
      action: 'create',
      entityType: 'inspection',
      entityId: insp!.id,
      inspectionId: insp!.id,
    });
    await db
      .insert(caseAssessments)
      .values({ inspectionId: insp!.id, ref: 'C1', caseType: 'court', inspectorId: inspector.id });

    await migrate(database);
    const [after] = await db.select().from(inspections).where(eq(inspections.id, insp!.id));
    expect(after!.leadInspectorId).toBe(lead.id);
    const team = await db.select().from(inspectionTeam).where(eq(inspectionTeam.inspectionId, insp!.id));
    expect(team.map((m) => [m.userId, m.role])).toEqual([[inspector.id, 'inspector']]);
  });
});
