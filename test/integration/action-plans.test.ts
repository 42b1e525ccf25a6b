import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { backup, restore } from '../../src/store/backup.ts';
import { actions, actionUpdates, auditEvents, evidenceFiles } from '../../src/store/schema.ts';
import { appTest } from '../helpers/app.ts';
import type { Builders } from '../helpers/builders.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Agent } from '../helpers/http.ts';

/** Published at 00:01 on 5 January 2027 (UK); the clock starts five days later. */
const PUBLISHED = new Date('2027-01-05T00:01:00Z');
const test = appTest({ start: new Date('2027-01-10T12:00:00Z') });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The start of a Windows executable ("MZ", then the DOS stub's message). */
const EXE = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
  Buffer.from('This program cannot be run in DOS mode.'),
]);

/** A multipart form post from this agent (its cookies and CSRF token), with files. */
function postMultipart(
  agent: Agent,
  url: string,
  fields: Record<string, string>,
  files: { name: string; filename: string; type: string; bytes: Buffer }[],
) {
  const boundary = '----inspectorate-plan-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: agent.csrf, ...fields }))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return agent.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
  });
}

const dateFields = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return { 'dueDate-day': d!, 'dueDate-month': m!, 'dueDate-year': y! };
};

/** A published inspection with two recommendations, its service's user and board member. */
async function planWorld(build: Builders) {
  const insp = await build.inspection({ status: 'published', recommendations: 2, publishAt: PUBLISHED });
  const service = insp.service;
  return {
    insp,
    service,
    user: await build.account('service_user', { service }),
    board: await build.account('board_member', { service }),
    planUrl: `/workspace/services/${service.slug}/plan`,
  };
}

/** The recommendation ids of the plan page, in order. */
const recIds = (html: string) => [...html.matchAll(/<section [^>]*id="rec-([0-9a-f-]{36})"/g)].map((m) => m[1]!);

async function addAction(agent: Agent, planUrl: string, recommendationId: string, description: string, due: string) {
  await agent.get(planUrl);
  const res = await agent.post(`${planUrl}/actions`, {
    recommendationId,
    description,
    owner: 'Head of service',
    ...dateFields(due),
  });
  expect(res.statusCode, res.body).toBe(303);
}

describe('action plans: evidence files', () => {
  test('a PDF is kept with its update and downloaded as an attachment; a renamed executable and an oversize file are refused; another service cannot download it', async ({
    build,
    database,
    signIn,
    makeApp,
  }) => {
    const w = await planWorld(build);
    const user = await signIn(w.user);
    const [rec] = recIds((await user.get(w.planUrl)).body);
    await addAction(user, w.planUrl, rec!, 'Survey volunteers', '2027-06-30');
    const [a] = await database.db.select().from(actions).where(eq(actions.recommendationId, rec!));
    const actionUrl = `${w.planUrl}/actions/${a!.id}`;

    // A Windows executable named as a PDF: refused by its content, nothing saved.
    await user.get(actionUrl);
    const exe = await postMultipart(user, actionUrl, { version: '1', state: 'in_progress', note: 'Minutes' }, [
      { name: 'files', filename: 'minutes.pdf', type: 'application/pdf', bytes: EXE },
    ]);
    expect(exe.statusCode).toBe(400);
    expect(exe.body).toContain('minutes.pdf must be a PDF, Word (.docx), Excel (.xlsx)');
    expect(await database.db.select().from(actionUpdates).where(eq(actionUpdates.actionId, a!.id))).toHaveLength(0);

    // Over the configured limit (1 KB here): refused with the limit named, nothing saved.
    const small = await makeApp({ evidenceMaxBytes: 1024 });
    const onSmall = await signIn(w.user, small);
    await onSmall.get(actionUrl);
    const big = await postMultipart(onSmall, actionUrl, { version: '1', state: 'in_progress', note: 'Minutes' }, [
      {
        name: 'files',
        filename: 'minutes.pdf',
        type: 'application/pdf',
        bytes: Buffer.concat([PDF, Buffer.alloc(2048, 32)]),
      },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('minutes.pdf is larger than');
    expect(await database.db.select().from(actionUpdates).where(eq(actionUpdates.actionId, a!.id))).toHaveLength(0);

    // Without the CSRF token the upload is refused before anything is saved.
    const noToken = await postMultipart(
      Object.assign(new Agent(user.app), { cookies: user.cookies, csrf: 'wrong' }),
      actionUrl,
      { version: '1', state: 'in_progress', note: 'Minutes' },
      [{ name: 'files', filename: 'minutes.pdf', type: 'application/pdf', bytes: PDF }],
    );
    expect(noToken.statusCode).toBe(403);

    // A real PDF with an unsafe name: saved, its name made safe.
    const ok = await postMultipart(
      user,
      actionUrl,
      { version: '1', state: 'in_progress', note: 'Board minute attached', evidence: 'Minute 12' },
      [{ name: 'files', filename: 'board minute (12) <draft>.exe', type: 'text/html', bytes: PDF }],
    );
    expect(ok.statusCode, ok.body).toBe(303);
    const [file] = await database.db.select().from(evidenceFiles).where(eq(evidenceFiles.actionId, a!.id));
    expect(file).toMatchObject({
      filename: 'board minute _12_ _draft_.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
    });
    const fileUrl = `${w.planUrl}/files/${file!.id}`;

    const got = await user.get(fileUrl);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe('attachment; filename="board minute _12_ _draft_.pdf"');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PDF)).toBe(true);
    // The board member and the inspectorate may see the plan, so the file.
    expect((await (await signIn(w.board)).get(fileUrl)).statusCode).toBe(200);
    expect((await (await signIn(await build.account('inspector'))).get(fileUrl)).statusCode).toBe(200);

    // Another service's user: refused at its service, and not found under their own.
    const other = await build.inspection({ status: 'published', recommendations: 1, publishAt: PUBLISHED });
    const stranger = await signIn(await build.account('service_user', { service: other.service }));
    expect((await stranger.get(fileUrl)).statusCode).toBe(403);
    expect((await stranger.get(`/workspace/services/${other.service.slug}/plan/files/${file!.id}`)).statusCode).toBe(
      404,
    );

    // The board view and its CSV carry the latest progress and the evidence.
    const board = await user.get(`/workspace/services/${w.service.slug}/board`);
    expect(board.body).toContain('Board minute attached');
    expect(board.body).toContain(`href="${fileUrl}"`);
    const csv = (await user.get(`/workspace/services/${w.service.slug}/board.csv`)).body;
    expect(csv.split('\n')[0]).toContain('latest_progress_date,latest_progress,evidence,evidence_files');
    expect(csv).toContain('2027-01-10,Board minute attached,Minute 12,board minute _12_ _draft_.pdf');

    // The audit trail names the file; a backup holds its bytes, and restores them.
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, a!.id), eq(auditEvents.action, 'update')));
    expect(JSON.stringify(event!.after)).toContain('board minute _12_ _draft_.pdf');
    const dir = mkdtempSync(join(tmpdir(), 'plan-backup-'));
    const counts = await backup(database.db, join(dir, 'b.jsonl'));
    expect(counts.evidence_files).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toContain(`"t":"evidence_files"`);
    const target = await createTestDatabase();
    try {
      await restore(target.db, join(dir, 'b.jsonl'));
      const [restored] = await target.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, file!.id));
      expect(restored!.bytes.equals(PDF)).toBe(true);
    } finally {
      await target.drop();
    }
  });
});

describe('action plans: status, dates, sign-off, carry forward', () => {
  test('a new plan is "Not started", not red; dates use the date input and are refused before publication', async ({
    build,
    signIn,
  }) => {
    const w = await planWorld(build);
    const user = await signIn(w.user);
    const page = await user.get(w.planUrl);
    expect(page.body).toContain('Not started');
    expect(page.body).not.toMatch(/govuk-tag--red/);
    expect(page.body).toContain('How the status colours are decided');
    const [rec] = recIds(page.body);

    const before = await user.post(`${w.planUrl}/actions`, {
      recommendationId: rec!,
      description: 'Too early',
      owner: 'Head of service',
      ...dateFields('2027-01-04'),
    });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain(
      'The due date must be on or after the day the inspection was published, 5 January 2027',
    );
    expect(before.body).toContain(`href="#dueDate-${rec}-day"`);

    const partial = await user.post(`${w.planUrl}/actions`, {
      recommendationId: rec!,
      description: 'No month',
      owner: 'Head of service',
      'dueDate-day': '31',
      'dueDate-year': '2027',
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('The due date must include a month');
    const impossible = await user.post(`${w.planUrl}/actions`, {
      recommendationId: rec!,
      description: 'Thirtieth of February',
      owner: 'Head of service',
      ...dateFields('2027-02-30'),
    });
    expect(impossible.body).toContain('The due date must be a real date');
    // 31 January 2027 as day, month and year: accepted.
    await addAction(user, w.planUrl, rec!, 'Train case managers', '2027-01-31');
    expect((await user.get(w.planUrl)).body).toContain('31 January 2027');
  });

  test('re-baselining keeps the first due date and the reason, shows them to the board, and is audited; a stale form gets 409', async ({
    build,
    database,
    signIn,
  }) => {
    const w = await planWorld(build);
    const user = await signIn(w.user);
    const [rec] = recIds((await user.get(w.planUrl)).body);
    await addAction(user, w.planUrl, rec!, 'Agree a seconded probation officer', '2027-03-31');
    const [a] = await database.db.select().from(actions).where(eq(actions.recommendationId, rec!));
    const url = `${w.planUrl}/actions/${a!.id}`;
    await user.get(url);

    const noReason = await user.post(`${url}/edit`, {
      version: '1',
      owner: 'Head of service',
      ...dateFields('2027-05-31'),
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why the due date is changing');
    const early = await user.post(`${url}/edit`, {
      version: '1',
      owner: 'Head of service',
      reason: 'x',
      ...dateFields('2026-12-31'),
    });
    expect(early.statusCode).toBe(400);

    const moved = await user.post(`${url}/edit`, {
      version: '1',
      owner: 'Deputy head of service',
      reason: 'Probation recruitment paused until April',
      ...dateFields('2027-05-31'),
    });
    expect(moved.statusCode).toBe(303);
    const [row] = await database.db.select().from(actions).where(eq(actions.id, a!.id));
    expect(row).toMatchObject({
      owner: 'Deputy head of service',
      dueDate: '2027-05-31',
      baselineDueDate: '2027-03-31',
      rebaselineReason: 'Probation recruitment paused until April',
      version: 2,
    });
    const board = (await (await signIn(w.board)).get(`/workspace/services/${w.service.slug}/board`)).body;
    expect(board).toContain('Moved from 31 March 2027: Probation recruitment paused until April');
    const csv = (await user.get(`/workspace/services/${w.service.slug}/board.csv`)).body;
    expect(csv.startsWith('\uFEFFinspection,')).toBe(true);
    expect(csv).toContain('2027-05-31,2027-03-31,Probation recruitment paused until April');
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, a!.id), eq(auditEvents.action, 'rebaseline')));
    expect(event!.before).toMatchObject({ dueDate: '2027-03-31', owner: 'Head of service' });
    expect((await user.get(`${w.planUrl}/history`)).body).toContain(
      '“Agree a seconded probation officer”: due date moved from 31 March 2027 to 31 May 2027 (first agreed 31 March 2027). ' +
        'Reason: Probation recruitment paused until April. Owner changed from Head of service to Deputy head of service',
    );

    // The same form again, still at version 1: someone else's change is not overwritten.
    const stale = await user.post(`${url}/edit`, { version: '1', owner: 'Someone else', ...dateFields('2027-05-31') });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed by someone else');
    const [after] = await database.db.select().from(actions).where(eq(actions.id, a!.id));
    expect(after!.owner).toBe('Deputy head of service');
  });

  test('two people recording progress at once both keep their notes; a change of status made without seeing the last one gets 409 in words', async ({
    build,
    database,
    signIn,
  }) => {
    const w = await planWorld(build);
    const first = await signIn(w.user);
    const [rec] = recIds((await first.get(w.planUrl)).body);
    await addAction(first, w.planUrl, rec!, 'Train staff in trauma-informed practice', '2027-03-31');
    const [a] = await database.db.select().from(actions).where(eq(actions.recommendationId, rec!));
    const url = `${w.planUrl}/actions/${a!.id}`;
    const second = await signIn(await build.account('service_user', { service: w.service }));
    await first.get(url);
    await second.get(url);
    // Both pages loaded at version 1; both record progress with the status the action has now.
    for (const [agent, note] of [
      [first, 'Training booked for January'],
      [second, 'Two staff already trained'],
    ] as const) {
      const res = await postMultipart(agent, url, { version: '1', state: 'in_progress', note }, []);
      expect(res.statusCode, res.body).toBe(303);
    }
    const notes = (await database.db.select().from(actionUpdates).where(eq(actionUpdates.actionId, a!.id))).map(
      (u) => u.note,
    );
    expect(notes.sort()).toEqual(['Training booked for January', 'Two staff already trained']);
    // A page still at version 1 marking it done has not seen the others' progress: refused, in words.
    const stale = await postMultipart(second, url, { version: '1', state: 'done', note: 'All trained' }, []);
    expect(stale.statusCode).toBe(409);
    const $ = cheerio.load(stale.body);
    const rows = $('#conflict-table tbody tr')
      .toArray()
      .map((r) =>
        $(r)
          .children()
          .toArray()
          .map((c) => $(c).text().trim())
          .join(' | '),
      );
    expect(rows).toEqual([
      'Status Differs | In progress | Done',
      'Progress note Differs | Two staff already trained | All trained',
    ]);
    const [after] = await database.db.select().from(actions).where(eq(actions.id, a!.id));
    expect(after!.state).toBe('in_progress');
  });

  test('the board agrees a recommendation met once its actions are done; only the board may; it is then closed and audited', async ({
    build,
    database,
    signIn,
  }) => {
    const w = await planWorld(build);
    const user = await signIn(w.user);
    const [rec] = recIds((await user.get(w.planUrl)).body);
    await addAction(user, w.planUrl, rec!, 'Publish the volunteer offer', '2027-04-30');
    const [a] = await database.db.select().from(actions).where(eq(actions.recommendationId, rec!));
    const signOffUrl = `${w.planUrl}/recommendations/${rec}/sign-off`;

    const board = await signIn(w.board);
    await board.get(`/workspace/services/${w.service.slug}/board`);
    const early = await board.post(signOffUrl, { note: 'Board 12 March, minute 4' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Every action must be done');

    await user.get(`${w.planUrl}/actions/${a!.id}`);
    expect(
      (await user.post(`${w.planUrl}/actions/${a!.id}`, { version: '1', state: 'done', note: 'Offer published' }))
        .statusCode,
    ).toBe(303);
    // A service user cannot sign off; nor can another service's board member.
    expect((await user.post(signOffUrl, { note: 'We did it' })).statusCode).toBe(403);
    const otherBoard = await signIn(
      await build.account('board_member', {
        service: (await build.inspection({ status: 'published', publishAt: PUBLISHED })).service,
      }),
    );
    await otherBoard.get('/workspace');
    expect((await otherBoard.post(signOffUrl, { note: 'Not ours' })).statusCode).toBe(403);

    const boardPage = (await board.get(`/workspace/services/${w.service.slug}/board`)).body;
    expect(boardPage).toContain('Awaiting board sign-off');
    const empty = await board.post(signOffUrl, { note: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`href="#note-${rec}"`);
    const agreed = await board.post(signOffUrl, { note: 'Board 12 March, minute 4' });
    expect(agreed.statusCode).toBe(303);
    const page = (await board.get(`/workspace/services/${w.service.slug}/board`)).body;
    expect(page).toMatch(/Agreed as met<\/strong> by board member [^<]* on 10 January 2027: Board 12 March, minute 4/);
    expect(page).toMatch(/Recommendations met\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1 of 2/);
    const again = await board.post(signOffUrl, { note: 'Twice' });
    expect(again.statusCode).toBe(409);
    // Closed: no more progress on its actions.
    await user.get(`${w.planUrl}/actions/${a!.id}`);
    const late = await user.post(`${w.planUrl}/actions/${a!.id}`, {
      version: '2',
      state: 'in_progress',
      note: 'Reopen',
    });
    expect(late.statusCode).toBe(409);
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, rec!), eq(auditEvents.action, 'sign_off')));
    expect(events).toHaveLength(1);
    expect(events[0]!.actorRole).toBe('board_member');
  });

  test('after the next inspection is published, open recommendations stay on the plan with their inspection until agreed met; the next lead sees the history', async ({
    build,
    clock,
    signIn,
  }) => {
    const w = await planWorld(build);
    const before = await signIn(w.user);
    const [rec1, rec2] = recIds((await before.get(w.planUrl)).body);
    await addAction(before, w.planUrl, rec1!, 'Carried action', '2027-03-31');
    // rec2 is never planned against: it does not follow the plan to the next inspection.
    void rec2;
    const lead = await build.account('lead_inspector');
    const next = await build.inspection({
      status: 'published',
      recommendations: 1,
      service: w.service,
      lead,
      publishAt: new Date('2027-06-01T00:01:00Z'),
    });
    clock.set(new Date('2027-06-10T12:00:00Z'));
    // Five months on, the earlier session has expired.
    const user = await signIn(w.user);
    const plan = (await user.get(w.planUrl)).body;
    const ids = recIds(plan);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(rec1);
    expect(ids).not.toContain(rec2);
    expect(plan).toContain(`Recommendation 1 from ${w.insp.ref}`);
    expect(plan).toContain(next.ref);
    expect((await user.get(`/workspace/services/${w.service.slug}/board.csv`)).body).toContain(`${w.insp.ref},1,`);

    // The lead of the next inspection sees what changed on the plan.
    const leadAgent = await signIn(lead);
    const history = await leadAgent.get(`${w.planUrl}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Action added to recommendation 1: Carried action');

    // Once done and agreed met, it leaves the plan.
    const a = plan.match(new RegExp(`${w.planUrl}/actions/([0-9a-f-]{36})`))![1]!;
    await user.get(`${w.planUrl}/actions/${a}`);
    expect(
      (await user.post(`${w.planUrl}/actions/${a}`, { version: '1', state: 'done', note: 'Done' })).statusCode,
    ).toBe(303);
    const board = await signIn(w.board);
    await board.get(`/workspace/services/${w.service.slug}/board`);
    expect(
      (await board.post(`${w.planUrl}/recommendations/${rec1}/sign-off`, { note: 'Agreed at June board' })).statusCode,
    ).toBe(303);
    expect(recIds((await user.get(w.planUrl)).body)).not.toContain(rec1);
    expect((await leadAgent.get(`${w.planUrl}/history`)).body).toContain(
      'agreed as met by the board: Agreed at June board',
    );
    // The next inspection's task list shows the earlier recommendation's status and evidence.
    const tasks = (await leadAgent.get(`/workspace/inspections/${next.id}`)).body;
    expect(tasks).toMatch(/Recommendation 1 <strong class="govuk-tag govuk-tag--green">Met<\/strong>/);
    expect(tasks).toContain('Carried action: Done');
    expect(tasks).toContain(`href="${w.planUrl}/history"`);
  });
});
