import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const checks = path.resolve(import.meta.dirname, '../../infra/setup/mediasoup-worker-patches/checks');

/**
 * A worker patch that replaces a libwebrtc class is checked against the class it replaces (issue
 * 16): both built from mediasoup's sources, given the same random calls, every answer compared. A
 * mutant that lets a second packet replace the first one held fails it.
 */
describe('mediasoup worker patch checks', () => {
  it("transport-cc-history.patch answers as libwebrtc's own SendTimeHistory", async () => {
    const { stdout } = await promisify(execFile)('bash', [path.join(checks, 'check-transport-cc-history.sh')], {
      env: { ...process.env, SEEDS: '4' },
      maxBuffer: 1 << 20,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const [i, line] of lines.entries()) expect(line).toMatch(new RegExp(`^seed ${i + 1}: 400000 calls, \\d{7} answers, all equal$`));
  }, 180_000);
});
