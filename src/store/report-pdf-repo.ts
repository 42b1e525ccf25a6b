import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from './db.ts';
import { isPublic } from './register-repo.ts';
import { inspections, reportPdfs } from './schema.ts';
import { audit } from './audit.ts';

export interface StoredPdf {
  recordVersion: number;
  bytes: Buffer;
  sha256: string;
}

/**
 * The public inspection with this ref, if it is public at `visibleAt` (the same embargo rule as every
 * public read), with the SHA-256 of its current version's stored PDF when there is one. One small
 * query and no bytes: a 304 needs only the hash, and the bytes are usually in memory already (fetching
 * bytea costs PGlite ~10 ms per 50 KB).
 */
export async function getPublicReportPdfHead(db: Db, ref: string, visibleAt: Date) {
  const [row] = await db
    .select({
      id: inspections.id,
      ref: inspections.ref,
      version: inspections.version,
      sha256: reportPdfs.sha256,
    })
    .from(inspections)
    .leftJoin(
      reportPdfs,
      and(eq(reportPdfs.inspectionId, inspections.id), eq(reportPdfs.recordVersion, inspections.version)),
    )
    .where(and(eq(inspections.ref, ref), isPublic(visibleAt)));
  return row ?? null;
}

export async function getReportPdf(db: Db, inspectionId: string, recordVersion: number): Promise<StoredPdf | null> {
  const [row] = await db
    .select({ recordVersion: reportPdfs.recordVersion, bytes: reportPdfs.bytes, sha256: reportPdfs.sha256 })
    .from(reportPdfs)
    .where(and(eq(reportPdfs.inspectionId, inspectionId), eq(reportPdfs.recordVersion, recordVersion)));
  return row ?? null;
}

/**
 * Stores the PDF of one version of the record, unless one is already stored for it, and returns
 * whichever is stored. Idempotent across instances: two that print the same version at once both end
 * up serving the first one saved (same bytes, same ETag), never a mixture.
 */
export async function saveReportPdf(
  db: Db,
  inspectionId: string,
  recordVersion: number,
  bytes: Buffer,
): Promise<StoredPdf> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(reportPdfs)
      .values({ inspectionId, recordVersion, bytes, sha256 })
      .onConflictDoNothing()
      .returning({ recordVersion: reportPdfs.recordVersion });
    if (inserted.length) {
      const after = { recordVersion, sha256, size: bytes.length };
      await audit(tx, null, 'render', 'report_pdf', inspectionId, inspectionId, null, after);
      return { recordVersion, bytes, sha256 };
    }
    const [row] = await tx
      .select({ recordVersion: reportPdfs.recordVersion, bytes: reportPdfs.bytes, sha256: reportPdfs.sha256 })
      .from(reportPdfs)
      .where(and(eq(reportPdfs.inspectionId, inspectionId), eq(reportPdfs.recordVersion, recordVersion)));
    return row!;
  });
}
