import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in a PGlite data folder that names the process which has the folder open. */
export const LOCK_FILE = 'inspectorate.lock';

/** The folder is open in another process (or already in this one): opening it again would corrupt it. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dir} is in use by process ${pid}` +
        `${pid === process.pid ? ' (this one)' : ''}: stop that server or command first. ` +
        'Several processes can share a database only on PostgreSQL (DATABASE_URL). ' +
        `If no such process is running, delete ${join(dir, LOCK_FILE)}.`,
    );
    this.name = 'DataFolderInUseError';
  }
}

// Locks this process holds, released when it exits without closing them (process.exit after an error).
const held = new Set<() => void>();
let exitHooked = false;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite runs PostgreSQL inside this process over the files of its data folder, with none of
 * PostgreSQL's own guard against a second server on the same files. Two processes with one folder
 * open (a `check-claims` or `backup` command beside a running server) write over each other: one
 * such folder here was left with an index of the system catalogue pointing past its table, and no
 * later start could migrate it. So the folder holds a lock file naming the process that has it
 * open, and another opener is refused while that process lives; a lock left by a process that has
 * died (killed, or the machine stopped) is taken over. Returns the release function.
 */
export function lockDataFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(release);
        try {
          if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      held.add(release);
      if (!exitHooked) {
        exitHooked = true;
        process.on('exit', () => {
          for (const r of [...held]) r();
        });
      }
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: number;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // Removed between our open and our read: try again.
        continue;
      }
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new DataFolderInUseError(dir, holder);
      // Left by a process that is no longer running.
      try {
        unlinkSync(path);
      } catch {
        // Another opener removed it first; the next attempt decides.
      }
    }
  }
  throw new Error(`Could not lock the data folder ${dir}: another process keeps taking it.`);
}
