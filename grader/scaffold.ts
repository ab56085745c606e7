// `kubelab labs new <id>`: a new lab's folder that already passes `kubelab labs check` — lab.yaml with one step in
// both languages, a solution, a check with a bilingual hint and a deliberate wrong attempt whose hint's fix is
// proven — so an author starts from something that works and changes it, instead of copying another lab. The step
// files are written before lab.yaml, so a running app never reads the lab half-written.
import fs from 'node:fs';
import path from 'node:path';

const ID = /^[a-z0-9][a-z0-9-]*$/;

export interface ScaffoldOptions {
  labsDir: string;
  id: string;
  titleKo?: string;
  titleEn?: string;
  /** Position in the catalogue (default: after the last lab). */
  order?: number;
}

/** The next order after every lab's in `labsDir`. */
function nextOrder(labsDir: string): number {
  let max = 0;
  for (const d of fs.existsSync(labsDir) ? fs.readdirSync(labsDir) : []) {
    const file = path.join(labsDir, d, 'lab.yaml');
    if (!fs.existsSync(file)) continue;
    const m = /^order:\s*(\d+)/m.exec(fs.readFileSync(file, 'utf8'));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

const yamlString = (s: string) => JSON.stringify(s);

/** Creates the lab; answers the files written. Throws when the id is not usable or the folder exists. */
export function scaffoldLab(o: ScaffoldOptions): string[] {
  if (!ID.test(o.id)) throw new Error(`lab id "${o.id}" must be lowercase letters, digits and dashes (e.g. 11-configmaps)`);
  const dir = path.join(o.labsDir, o.id);
  if (fs.existsSync(dir)) throw new Error(`${dir} already exists`);
  const name = o.id.replace(/^\d+-/, '') || o.id;
  const ns = `${name}-demo`.slice(0, 63).replace(/-+$/, '');
  const titleEn = o.titleEn ?? name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const titleKo = o.titleKo ?? titleEn;
  const files: Record<string, string> = {
    'ko/create-namespace.md': `이 실습에서 쓸 네임스페이스 \`${ns}\`를 만들어 봅시다.

\`\`\`bash
kubectl create namespace ${ns}
kubectl get namespace
\`\`\`

::: tip
이 단계는 \`kubelab labs new\`가 만든 예시입니다. 실습 내용에 맞게 고치세요. 작성법은 docs/AUTHORING.md에 있습니다.
:::

::: solution
\`\`\`bash
kubectl create namespace ${ns}
\`\`\`
:::
`,
    'en/create-namespace.md': `Create the namespace \`${ns}\` this lab works in.

\`\`\`bash
kubectl create namespace ${ns}
kubectl get namespace
\`\`\`

::: tip
This step is the example \`kubelab labs new\` wrote. Change it to what your lab teaches; docs/AUTHORING.md says how.
:::

::: solution
\`\`\`bash
kubectl create namespace ${ns}
\`\`\`
:::
`,
    'lab.yaml': `# ${o.id}: written by \`kubelab labs new\`. Fields and check types: docs/AUTHORING.md and grader/CHECKS.md.
# Prove it with: npm run kubelab -- labs check ${o.id} --runtime sim
id: ${o.id}
order: ${o.order ?? nextOrder(o.labsDir)}
title:
  ko: ${yamlString(titleKo)}
  en: ${yamlString(titleEn)}
summary:
  ko: ${yamlString(`${titleKo}: 네임스페이스를 하나 만듭니다.`)}
  en: ${yamlString(`${titleEn}: create a namespace.`)}
estimatedMinutes: 10
prerequisites: []
steps:
  - id: create-namespace
    title: { ko: "네임스페이스 만들기", en: "Create a namespace" }
    solution: |
      kubectl create namespace ${ns}
    wrong:
      - run: kubectl create namespace ${ns}-typo
        fails: [namespace-exists]
        fix: kubectl create namespace ${ns}
    checks:
      - id: namespace-exists
        type: exists
        title: { ko: "네임스페이스 ${ns}가 있음", en: "Namespace ${ns} exists" }
        resource: namespaces
        name: ${ns}
        hint:
          ko: "이름은 정확히 ${ns}여야 합니다: \`kubectl create namespace ${ns}\`"
          en: "The name must be exactly ${ns}: \`kubectl create namespace ${ns}\`."
`,
  };
  fs.mkdirSync(path.join(dir, 'ko'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'en'), { recursive: true });
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, rel), text);
    written.push(path.join(dir, rel));
  }
  return written;
}
