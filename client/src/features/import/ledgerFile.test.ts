import { describe, expect, it } from 'vitest';
import { MAX_LEDGER_BYTES } from '../../../../server/src/domain/ledgerImport.js';
import { fileSize, ledgerFileProblem } from './ledgerFile.js';

describe('a ledger file before it is sent', () => {
  it('takes .xlsx and .csv, whatever the case of the extension', () => {
    expect(ledgerFileProblem({ name: '石鼓区台账.XLSX', size: 2048 })).toBeNull();
    expect(ledgerFileProblem({ name: 'ledger.csv', size: 10 })).toBeNull();
  });

  it('refuses an old .xls or anything else by its name', () => {
    expect(ledgerFileProblem({ name: '台账.xls', size: 2048 })).toBe('notLedger');
    expect(ledgerFileProblem({ name: '照片.jpg', size: 2048 })).toBe('notLedger');
  });

  it('refuses a file over the server\'s limit, and an empty one', () => {
    expect(ledgerFileProblem({ name: 'big.xlsx', size: MAX_LEDGER_BYTES + 1 })).toBe('tooLarge');
    expect(ledgerFileProblem({ name: 'limit.xlsx', size: MAX_LEDGER_BYTES })).toBeNull();
    expect(ledgerFileProblem({ name: 'empty.csv', size: 0 })).toBe('empty');
  });

  it('says sizes as a planner reads them', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(38 * 1024)).toBe('38 KB');
    expect(fileSize(4.2 * 1024 * 1024)).toBe('4.2 MB');
  });
});
