/** Runs learning_child.js with a job and parses its JSON result. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface ChildResult {
  testReturns: number[];
  initialTestReturns: number[];
  trainReturns: number[];
  updates: number;
  paramsDigest: number;
}

export function runChild(job: Record<string, unknown>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'learning_child.js'), JSON.stringify(job)], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      let out: ChildResult & { error?: { stack: string } };
      try {
        out = JSON.parse(stdout);
      } catch {
        reject(new Error(`the learning child printed no result (${error?.message ?? 'no error'}):\n${stderr}`));
        return;
      }
      if (out.error !== undefined) reject(new Error(out.error.stack));
      else resolve(out);
    });
  });
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
