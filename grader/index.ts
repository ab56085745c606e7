// What the rest of kubelab uses of the grader: grade a step or a lab through any ObjectClient, show quizzes to the
// browser without their answers, validate a step's checks, and render grades. Everything else is internal.
export { gradeChecks, gradeLab, gradeStep, detectRuntime, findStep, stepChecks } from './engine';
export type { GradableLab, GradableStep, GradeOptions, LabGrade, StepGrade } from './engine';
export { parseCheck, parseChecks, CHECK_TYPES } from './checks/schema';
export type { SchemaError } from './checks/schema';
export { publicQuiz } from './checks/quiz';
export type { PublicQuiz, PublicQuizChoice } from './checks/quiz';
export type { Check, CheckResult, CheckStatus, HttpProber, HttpTarget, Lang, Text } from './checks/types';
export { inProcessClient } from './in-process-client';
export { defaultHttpProber } from './http-prober';
export { LocalShellRunner, type ScriptRunner, type ScriptResult } from './script-runner';
export { formatText } from './report/text';
export { formatJUnit } from './report/junit';
export { toGradescope } from './report/gradescope';
export { localize } from './report/summary';
