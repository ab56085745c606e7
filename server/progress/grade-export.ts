// Grades of a whole group from the app, in the formats `kubelab grade` writes for one cluster: each learner's grade
// per lab is built from their Checks — for every step, the attempt that counts (the first that passed, else the
// latest) — and written as Gradescope results (one results.json body per learner and lab, keyed by e-mail) or as
// JUnit XML (one <testsuite> per learner and lab). A step never checked is a failed "checked" test.
import type { CheckResult, Lang } from '../../grader/checks/types';
import type { LabGrade } from '../../grader/engine';
import type { Lab } from '../../grader/lab-format';
import { toGradescope, type GradescopeResults } from '../../grader/report/gradescope';
import { formatJUnit } from '../../grader/report/junit';
import type { User } from '../auth/users';
import type { Attempt } from './progress-store';

function notChecked(stepId: string): CheckResult {
  return {
    id: 'checked',
    title: { ko: '이 단계를 확인함', en: 'the step was checked' },
    status: 'failed',
    expected: { ko: `단계 ${stepId}의 확인`, en: `a Check of step ${stepId}` },
    found: { ko: '확인 기록 없음', en: 'no attempt' },
    hint: { ko: '이 단계를 풀고 확인하기를 누르세요.', en: 'Do the step and press Check.' },
  };
}

/** The learner's grade for one lab from their attempts (any order). */
export function labGradeOf(lab: Lab, attempts: Attempt[]): LabGrade {
  const steps = lab.steps.map((s) => {
    const mine = attempts.filter((a) => a.labId === lab.id && a.stepId === s.id).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    const counted = mine.find((a) => a.passed) ?? mine[mine.length - 1];
    return counted
      ? { labId: lab.id, stepId: s.id, passed: counted.passed, results: counted.criteria, durationMs: counted.durationMs }
      : { labId: lab.id, stepId: s.id, passed: false, results: [notChecked(s.id)], durationMs: 0 };
  });
  return { labId: lab.id, passed: steps.every((s) => s.passed), steps, durationMs: steps.reduce((n, s) => n + s.durationMs, 0) };
}

export interface LearnerGrades {
  learner: User;
  grades: LabGrade[];
}

export function groupGrades(labs: Lab[], learners: User[], attempts: Attempt[]): LearnerGrades[] {
  const byUser = new Map<string, Attempt[]>();
  for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  return learners.map((learner) => ({ learner, grades: labs.map((lab) => labGradeOf(lab, byUser.get(learner.id) ?? [])) }));
}

export interface GradescopeExport {
  generated_at: string;
  learners: { email: string; name: string; labs: Record<string, GradescopeResults> }[];
}

export function gradescopeExport(all: LearnerGrades[], lang: Lang, now = Date.now()): GradescopeExport {
  return {
    generated_at: new Date(now).toISOString(),
    learners: all.map(({ learner, grades }) => ({
      email: learner.email,
      name: learner.name,
      labs: Object.fromEntries(grades.map((g) => [g.labId, toGradescope([g], lang)])),
    })),
  };
}

/** One JUnit document: a <testsuite> per learner and lab, named "<e-mail> <lab>". */
export function junitExport(all: LearnerGrades[], lang: Lang): string {
  return formatJUnit(all.flatMap(({ learner, grades }) => grades.map((g) => ({ ...g, labId: `${learner.email} ${g.labId}` }))), lang);
}
