// The committed list of seed commands and manifests (test/fixtures/seed-commands.json) is what the coverage test
// trusts, because clones have no ../shared/seeds. Where the seeds are present, re-extracting must give the same list.
import fs from 'node:fs';
import path from 'node:path';
import { cleanCommand, codeBlocks, DEFAULT_SEEDS_DIR, extractFromSeed, extractSeedCommands, formatExtract } from './extract-seed-commands';

const FIXTURE = path.join(__dirname, '../fixtures/seed-commands.json');
const seedsPresent = fs.existsSync(DEFAULT_SEEDS_DIR);

describe('seed command extraction', () => {
  (seedsPresent ? it : it.skip)('matches the committed fixture when the seeds are present', () => {
    expect(formatExtract(extractSeedCommands(DEFAULT_SEEDS_DIR))).toBe(fs.readFileSync(FIXTURE, 'utf8'));
  });

  it('finds commands in code blocks, inline code and prose, but not the word kubectl in a sentence', () => {
    const text = [
      '```bash',
      'kubectl get pod # 파드의 상태 확인',
      '```',
      '**6. 배포: **`kubectl create` 명령어로 배포하고 `kubectl get pods` 명령어로 확인',
      'Kubectl 클라이언트 명령어는 kubectl로부터 지시를 받음',
      '( = docker run )',
    ].join('\n');
    const found = extractFromSeed('009', text);
    expect(found.kubectl.map((c) => c.command)).toEqual(['kubectl get pod', 'kubectl create', 'kubectl get pods']);
    expect(found.docker.map((c) => c.command)).toEqual(['docker run']);
  });

  it('drops trailing comments and Korean remarks from commands', () => {
    expect(cleanCommand('kubectl apply -f dip-test.yaml --record # 어떤 명령을 실행했는지 기록')).toBe('kubectl apply -f dip-test.yaml --record');
    expect(cleanCommand('sudo docker push (여기까지가 큰 범주에서 봤을때 도커의 역할)')).toBe('sudo docker push');
  });

  it('reads manifests from fenced blocks whatever their language tag, ignoring comments', () => {
    const text = '```yaml\napiVersion: v1\nkind: Pod # 종류\nmetadata:\n  name: a\n```\n```json\n{ image : "app1" }\n```';
    const found = extractFromSeed('009', text);
    expect(found.manifests).toEqual([{ seed: '009', line: 2, apiVersion: 'v1', kind: 'Pod', name: 'a', manifest: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } } }]);
    expect(codeBlocks(text).map((b) => b.lang)).toEqual(['yaml', 'json']);
  });
});
