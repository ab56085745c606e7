// Lesson markdown as the learner sees it: admonitions as asides, hints and solutions closed until asked, code
// blocks with Copy (and Run for shell blocks), pictures and links resolved against the lab folder.
import { createLessonRenderer, renderLesson, resolveHref, runnableCommand, type LessonEnv } from '../../../server/lessons/markdown';

const md = createLessonRenderer();
const env = (over: Partial<LessonEnv> = {}): LessonEnv => ({
  lang: 'ko',
  labId: '04-pods',
  buttons: { copy: 'Copy', run: 'Run in terminal' },
  admonitionTitles: { tip: 'Tip', warning: 'Warning', note: 'Note', hint: 'Show a hint', solution: 'Show the solution' },
  ...over,
});
const render = (src: string, e = env()) => renderLesson(md, src, e);

it('renders tip, warning and note as labelled asides with markdown inside', () => {
  const html = render('::: tip\nUse **-o wide**.\n:::\n\n::: warning Careful now\nText\n:::\n');
  expect(html).toContain('<aside class="admonition admonition-tip" role="note"><p class="admonition-title">Tip</p>');
  expect(html).toContain('<strong>-o wide</strong>');
  expect(html).toContain('<p class="admonition-title">Careful now</p>');
});

it('keeps hints and solutions closed until the learner opens them', () => {
  const html = render('::: hint\nLook again.\n:::\n::: solution\n```bash\nkubectl get pods\n```\n:::\n');
  expect(html).toMatch(/<details class="admonition admonition-hint"><summary>Show a hint<\/summary>/);
  expect(html).toMatch(/<details class="admonition admonition-solution"><summary>Show the solution<\/summary>/);
  expect(html).not.toMatch(/<details[^>]* open/);
  expect(html).toContain('data-command="kubectl get pods"');
});

it('does not end a block at a ::: line inside a code fence', () => {
  const html = render('::: note\n```text\n:::\n```\nafter\n:::\n');
  expect(html).toMatch(/<code class="language-text">:::\n<\/code>/);
  expect(html).toMatch(/<p>after<\/p>\n<\/aside>/);
});

it('gives every code block a Copy button and shell blocks a Run button with the command', () => {
  const html = render('```yaml\nkind: Pod\n```\n\n```bash\nkubectl apply -f pod.yaml\n```\n');
  expect(html.match(/class="code-copy"/g)).toHaveLength(2);
  expect(html.match(/class="code-run"/g)).toHaveLength(1);
  expect(html).toContain('data-command="kubectl apply -f pod.yaml"');
});

it("runs only a console block's $ lines, without the prompt", () => {
  expect(runnableCommand('console', '$ kubectl get nodes\nNAME STATUS\n$ echo hi\n')).toBe('kubectl get nodes\necho hi');
  expect(runnableCommand('yaml', 'kind: Pod')).toBeUndefined();
});

it('escapes HTML in text and code, and ignores raw HTML in markdown', () => {
  const html = render('<script>alert(1)</script>\n\n```bash\necho "<b>"\n```\n');
  expect(html).not.toContain('<script>');
  expect(html).toContain('echo &quot;&lt;b&gt;&quot;');
});

it("serves pictures and manifests from the lab's folder and keeps the page language on site links", () => {
  const html = render('![A pod](../img/pod.ko.svg)\n\n[manifest](../manifests/pod.yaml) [next lab](/labs/05-replicasets/create) [docs](https://kubernetes.io/ko/)\n');
  expect(html).toContain('src="/lab-files/04-pods/img/pod.ko.svg"');
  expect(html).toContain('href="/lab-files/04-pods/manifests/pod.yaml"');
  expect(html).toContain('href="/ko/labs/05-replicasets/create"');
  expect(html).toContain('href="https://kubernetes.io/ko/" target="_blank" rel="noopener noreferrer"');
});

it('keeps the page language on site links of a fallback text, and never resolves outside the lab', () => {
  expect(resolveHref('/labs/01-first', env({ lang: 'en', pageLang: 'ko' }))).toBe('/ko/labs/01-first');
  expect(resolveHref('../../../etc/passwd', env())).toBe('#');
  expect(resolveHref('./get.md#events', env())).toBe('/ko/labs/04-pods/get#events');
});

it('offers "run in terminal" only for complete commands, never for ones with a placeholder to fill in', () => {
  expect(runnableCommand('bash', 'kubectl get pods -l app=web\nkubectl describe pod <name>\n')).toBeUndefined();
  expect(runnableCommand('bash', 'kubectl describe ingress <인그레스>')).toBeUndefined();
  expect(runnableCommand('bash', 'kubectl logs ...')).toBeUndefined();
  // Redirections and heredocs are not placeholders.
  expect(runnableCommand('bash', "cat > pod.yaml <<'EOF'\nkind: Pod\nEOF")).toBe("cat > pod.yaml <<'EOF'\nkind: Pod\nEOF");
  expect(runnableCommand('bash', 'kubectl apply -f - < pod.yaml 2>&1')).toBe('kubectl apply -f - < pod.yaml 2>&1');
  const html = render('```bash\nkubectl describe pod <name>\n```\n');
  expect(html).not.toContain('code-run');
});

it('gives a manifest block a "save as" button named as the text before it says, and keeps the manifest', () => {
  const manifests: NonNullable<LessonEnv['manifests']> = [];
  const e = env({ buttons: { copy: 'Copy', run: 'Run', save: 'Save as {file}' }, manifests });
  const html = render(
    'Save it as `simple-pod.yaml`.\n\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: simple-echo\n```\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n```\n\n```yaml\nnot: a manifest\n```\n',
    e,
  );
  expect(manifests.map((m) => m.file)).toEqual(['simple-pod.yaml', 'deployment-web.yaml']);
  expect(manifests[0].content).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: simple-echo\n');
  expect(html).toContain('data-manifest="0" data-file="simple-pod.yaml">Save as ~/simple-pod.yaml</button>');
  expect(html.match(/class="code-save"/g)).toHaveLength(2);
});
