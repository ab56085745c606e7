// Grades rendered for people and machines: text with ✓/✗, well-formed JUnit XML, Gradescope's results.json.
import type { LabGrade } from '../../../grader/engine';
import { formatJUnit } from '../../../grader/report/junit';
import { toGradescope } from '../../../grader/report/gradescope';
import { formatText } from '../../../grader/report/text';
import { exitCodeOf } from '../../../grader/report/summary';
import { parseXml } from '../xml';

const text = (en: string, ko = en) => ({ en, ko });
const grade: LabGrade = {
  labId: 'echo',
  passed: false,
  durationMs: 120,
  steps: [
    {
      labId: 'echo',
      stepId: 'deploy',
      passed: false,
      durationMs: 100,
      results: [
        { id: 'exists', title: text('Deployment exists'), status: 'passed', expected: text('deployment "echo" exists'), found: text('it exists'), hint: text('apply it') },
        { id: 'ready', title: text('3 pods <Ready> & "running"'), status: 'failed', expected: text('3 pods with app=echo Running and Ready'), found: text('2 Ready, 1 Pending'), hint: text('wait & check `kubectl get pods`', '파드를 확인하세요') },
        { id: 'http', title: text('echo answers'), status: 'needs-docker', expected: text('GET / answers 200'), found: text('needs real containers'), hint: text('h') },
        { id: 'script', title: text('script'), status: 'error', expected: text('the check to run'), found: text('could not run: boom'), hint: text('h') },
      ],
    },
  ],
};

describe('grade reports', () => {
  it('prints ✓ and ✗ lines with expected, found and hint for failures', () => {
    const out = formatText([grade]);
    expect(out).toContain('✓ exists: Deployment exists');
    expect(out).toContain('✗ ready: 3 pods <Ready> & "running"');
    expect(out).toContain('found:    2 Ready, 1 Pending');
    expect(out).toContain('1 passed, 1 failed, 1 errors, 1 need real containers');
    expect(formatText([grade], 'ko')).toContain('힌트:     파드를 확인하세요');
  });

  it('writes JUnit XML that parses, one testsuite per lab and one testcase per check', () => {
    const xml = parseXml(formatJUnit([grade]));
    expect(xml.name).toBe('testsuites');
    expect(xml.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    const [suite] = xml.children;
    expect(suite.attrs.name).toBe('echo');
    expect(suite.children.map((c) => c.attrs.name)).toEqual(['exists: Deployment exists', 'ready: 3 pods <Ready> & "running"', 'http: echo answers', 'script: script']);
    const failure = suite.children[1].children[0];
    expect(failure.name).toBe('failure');
    expect(failure.attrs.message).toBe('expected: 3 pods with app=echo Running and Ready; found: 2 Ready, 1 Pending; hint: wait & check `kubectl get pods`');
    expect(suite.children[2].children[0].name).toBe('skipped');
    expect(suite.children[3].children[0].name).toBe('error');
  });

  it('gives Gradescope a score, max_score and one test per check; needs-docker counts for nothing', () => {
    const r = toGradescope([grade]);
    expect(r).toMatchObject({ score: 1, max_score: 3 });
    expect(r.tests).toHaveLength(4);
    for (const t of r.tests) expect(Object.keys(t)).toEqual(expect.arrayContaining(['name', 'score', 'max_score', 'status', 'output']));
    expect(r.tests[1]).toMatchObject({ status: 'failed', score: 0, max_score: 1, output: expect.stringContaining('found: 2 Ready, 1 Pending') });
    expect(r.tests[2]).toMatchObject({ max_score: 0, output: 'not graded: needs real containers' });
  });

  it('exits 0 only when every check passed, 3 when only needs-docker is left', () => {
    expect(exitCodeOf([grade])).toBe(1);
    const onlyDocker: LabGrade = { ...grade, steps: [{ ...grade.steps[0], results: grade.steps[0].results.filter((r) => r.status === 'passed' || r.status === 'needs-docker') }] };
    expect(exitCodeOf([onlyDocker])).toBe(3);
    const allPass: LabGrade = { ...grade, steps: [{ ...grade.steps[0], results: [grade.steps[0].results[0]] }] };
    expect(exitCodeOf([allPass])).toBe(0);
  });
});
