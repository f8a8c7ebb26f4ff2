/**
 * The report file (`--report FILE`): one CSV line per row, in file order, with
 * its outcome, createLead's status and the reasons; no personal data (the
 * line number finds the row in the file). Written as rows finish, in blocks,
 * so a report of a million rows is never held in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RowResult } from './outcome.js';

/** The report's header line. */
export const REPORT_HEADER = 'line,outcome,status,reasons,attempts';

/** A CSV field, quoted when it must be (RFC 4180). */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** One row's report line, without its line break. */
export function reportLine(row: RowResult): string {
  return [String(row.line), row.outcome, row.status === undefined ? '' : String(row.status), csvField(row.reasons.join(' ')), String(row.attempts)].join(',');
}

/** Writes a report file as rows come. */
export interface ReportWriter {
  add(row: RowResult): void;
  /** Writes what is buffered and closes the file. */
  close(): void;
}

const BLOCK_CHARS = 64 * 1024;

/** Thrown by a {@link ReportWriter} when the file cannot take what is written (a full disk, a file-size limit). */
export class ReportWriteError extends Error {
  override name = 'ReportWriteError';
  constructor(
    /** The system's error code (`ENOSPC`, `EFBIG`…), or `short-write` when only part of a block was written. */
    readonly code: string,
  ) {
    super(`cannot write the report (${code})`);
  }
}

/**
 * Creates (or truncates) the report file and writes its header.
 *
 * @throws the file system's error when the file cannot be created; later, a
 *   {@link ReportWriteError} from `add` or `close` when it cannot be written.
 */
export function createReportWriter(path: string): ReportWriter {
  const fd = openSync(path, 'w');
  let buffered = `${REPORT_HEADER}\n`;
  const flush = () => {
    if (!buffered) return;
    const block = Buffer.from(buffered);
    buffered = '';
    let written: number;
    try {
      written = writeSync(fd, block);
    } catch (error) {
      throw new ReportWriteError((error as NodeJS.ErrnoException).code ?? 'unknown error');
    }
    if (written !== block.length) throw new ReportWriteError('short-write');
  };
  return {
    add(row) {
      buffered += `${reportLine(row)}\n`;
      if (buffered.length >= BLOCK_CHARS) flush();
    },
    close() {
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
