import { hashPassword } from '../../control-plane/src/auth/passwords.js';
import type { Database } from '../../control-plane/src/db/database.js';
import { createFixtureRecording } from './recording-fixture.js';

/**
 * The national demo conference recorded (fixture files, no media nodes), with a two-question test
 * (both must be right) and, when asked, a reflection topic; a member of a Hà Nội district who
 * signs in with their own password studies it.
 */
export async function studiedRecording(
  db: Database,
  o: { recordingsDir: string; conferenceId: string; durationSec: number; member: { username: string; password: string; displayName: string }; reflectionPrompt?: string },
) {
  const { id: recordingId } = await createFixtureRecording(db.prisma, o.recordingsDir, o.conferenceId, { durationSec: o.durationSec });
  const unit = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'HN-BD' } });
  const person = await db.prisma.person.create({
    data: { username: o.member.username, displayName: o.member.displayName, role: 'member', unitId: unit.id, passwordHash: await hashPassword(o.member.password) },
  });
  await db.prisma.studyAssignment.create({
    data: {
      recordingId,
      questions: [
        { prompt: 'Hội nghị được tổ chức theo hình thức nào?', choices: ['Trực tiếp', 'Trực tuyến'], correct: 1 },
        { prompt: 'Ai học tập nghị quyết?', choices: ['Cán bộ', 'Đảng viên', 'Cán bộ, đảng viên'], correct: 2 },
      ],
      passMark: 100,
      reflectionPrompt: o.reflectionPrompt ?? null,
      updatedBy: 'e2e',
    },
  });
  return { recordingId, personId: person.id, unitId: unit.id };
}
