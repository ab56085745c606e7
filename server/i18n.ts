// The web app's own words in the two course languages, and how a request's language is chosen: the path
// (/ko/..., /en/...) wins, then the remembered cookie, then the browser's Accept-Language, then Korean.
import type { Lang } from '../grader/checks/types';

export type { Lang };
export const LANGS: readonly Lang[] = ['ko', 'en'];
export const LANG_COOKIE = 'kubelab_lang';

export function isLang(v: unknown): v is Lang {
  return v === 'ko' || v === 'en';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'ko' ? 'en' : 'ko';
}

export function preferredLang(cookieValue: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookieValue)) return cookieValue;
  const accept = (acceptLanguage ?? '').toLowerCase();
  const ko = accept.indexOf('ko');
  const en = accept.indexOf('en');
  if (en >= 0 && (ko < 0 || en < ko)) return 'en';
  return 'ko';
}

export const WORDS = {
  appName: { ko: 'kubelab', en: 'kubelab' },
  labs: { ko: '실습 목록', en: 'Labs' },
  signIn: { ko: '로그인', en: 'Sign in' },
  signUp: { ko: '가입하기', en: 'Sign up' },
  signOut: { ko: '로그아웃', en: 'Sign out' },
  email: { ko: '이메일', en: 'E-mail' },
  name: { ko: '이름', en: 'Name' },
  password: { ko: '비밀번호', en: 'Password' },
  noAccount: { ko: '계정이 없나요?', en: 'No account yet?' },
  haveAccount: { ko: '이미 계정이 있나요?', en: 'Already have an account?' },
  badCredentials: { ko: '이메일 또는 비밀번호가 맞지 않습니다.', en: 'The e-mail or password is not right.' },
  emailTaken: { ko: '이미 가입된 이메일입니다.', en: 'An account with this e-mail already exists.' },
  badEmail: { ko: '이메일 주소를 확인해 주세요.', en: 'Please check the e-mail address.' },
  passwordTooShort: { ko: '비밀번호는 8자 이상이어야 합니다.', en: 'The password needs at least 8 characters.' },
  passwordTooLong: { ko: '비밀번호가 너무 깁니다.', en: 'The password is too long.' },
  passwordCommon: { ko: '너무 흔히 쓰이는 비밀번호입니다. 다른 비밀번호를 골라 주세요.', en: 'This password is too common. Choose another one.' },
  passwordLikeAccount: { ko: '비밀번호가 이메일이나 이름과 같으면 안 됩니다.', en: 'The password must not be your e-mail or name.' },
  passwordRepetitive: { ko: '같은 글자를 되풀이한 비밀번호는 쓸 수 없습니다.', en: 'A few characters repeated are too easy to guess.' },
  passwordSequential: { ko: '연속된 글자나 숫자(12345678, abcdefgh 등)는 비밀번호로 쓸 수 없습니다.', en: 'A run of letters or digits (12345678, abcdefgh…) is too easy to guess.' },
  passwordAdvice: {
    ko: '8자 이상. 흔한 비밀번호, 이메일, 같은 글자나 연속된 글자는 쓸 수 없습니다. 여러 단어로 된 문구가 기억하기 쉽고 안전합니다.',
    en: 'At least 8 characters. Common passwords, your e-mail and repeated or consecutive characters are refused. A phrase of several words is easy to remember and safe.',
  },
  account: { ko: '내 계정', en: 'My account' },
  deleteAccount: { ko: '계정 삭제', en: 'Delete my account' },
  deleteAccountExplain: {
    ko: '계정을 지우면 클러스터와 그 안의 파드, 터미널의 홈 폴더와 파일, 진행 상황과 확인 기록이 모두 지워지며 되돌릴 수 없습니다.',
    en: 'Deleting your account removes your cluster and its pods, your terminal home folder and files, and your progress and attempts. This cannot be undone.',
  },
  deleteAccountConfirm: { ko: '정말 계정과 모든 데이터를 지울까요? 되돌릴 수 없습니다.', en: 'Really delete your account and all of its data? This cannot be undone.' },
  passwordAgain: { ko: '확인을 위해 비밀번호를 다시 입력하세요', en: 'Enter your password again to confirm' },
  passwordWrong: { ko: '비밀번호가 맞지 않습니다.', en: 'That password is not right.' },
  accountDeleted: { ko: '계정을 삭제했습니다', en: 'Your account was deleted' },
  accountDeletedExplain: { ko: '계정과 클러스터, 파일, 진행 기록을 모두 지웠습니다.', en: 'Your account, cluster, files and progress have all been removed.' },
  deleteLearner: { ko: '학습자 삭제', en: 'Delete learner' },
  deleteLearnerConfirm: { ko: '이 학습자의 계정과 클러스터, 파일, 진행 기록을 모두 지울까요? 되돌릴 수 없습니다.', en: "Delete this learner's account, cluster, files and progress? This cannot be undone." },
  openLink: { ko: '터미널의 링크를 새 탭에서 열까요?', en: 'Open this link from the terminal in a new tab?' },
  tooManyAttempts: { ko: '시도가 너무 많습니다. {n}초 뒤에 다시 시도해 주세요.', en: 'Too many attempts. Try again in {n} seconds.' },
  csrfFailed: { ko: '페이지가 만료되었습니다. 새로 고친 뒤 다시 시도해 주세요.', en: 'This page has expired. Reload it and try again.' },
  minutes: { ko: '분', en: 'min' },
  steps: { ko: '단계', en: 'steps' },
  step: { ko: '단계', en: 'Step' },
  previous: { ko: '이전', en: 'Previous' },
  next: { ko: '다음', en: 'Next' },
  prerequisites: { ko: '먼저 할 실습', en: 'Before this lab' },
  switchLanguage: { ko: 'English', en: '한국어' },
  switchLanguageLabel: { ko: '영어로 보기', en: '한국어로 보기' },
  fallbackNotice: {
    ko: '이 내용은 아직 한국어로 옮겨지지 않아 영어 원문을 보여 드립니다.',
    en: 'This part has not been translated into English yet; showing the Korean original.',
  },
  copy: { ko: '복사', en: 'Copy' },
  copied: { ko: '복사됨', en: 'Copied' },
  runInTerminal: { ko: '터미널에서 실행', en: 'Run in terminal' },
  tip: { ko: '팁', en: 'Tip' },
  warning: { ko: '주의', en: 'Warning' },
  note: { ko: '참고', en: 'Note' },
  hint: { ko: '힌트 보기', en: 'Show a hint' },
  solution: { ko: '풀이 보기', en: 'Show the solution' },
  terminal: { ko: '터미널', en: 'Terminal' },
  clusterMap: { ko: '클러스터 지도', en: 'Cluster map' },
  connecting: { ko: '연결 중…', en: 'Connecting…' },
  connected: { ko: '연결됨', en: 'Connected' },
  reconnecting: { ko: '다시 연결 중…', en: 'Reconnecting…' },
  disconnected: { ko: '연결 끊김', en: 'Disconnected' },
  shellExited: { ko: '셸이 종료되었습니다. Enter를 누르면 새 셸을 엽니다.', en: 'The shell has exited. Press Enter for a new one.' },
  terminalUnavailable: {
    ko: '이 서버는 루프백(127.0.0.1)이 아닌 주소에서 열려 있어 로컬 터미널을 쓸 수 없습니다. 아래의 kubeconfig를 내려받아 내 컴퓨터의 kubectl을 쓰세요.',
    en: 'This server listens on a non-loopback address, so the local terminal is disabled. Download the kubeconfig below and use kubectl on your own computer.',
  },
  terminalNoHostShell: {
    ko: '이 서버에는 Docker 엔진이 없어 터미널을 열 수 없습니다. 여러 사람이 쓰는 서버는 서버 컴퓨터의 셸을 내주지 않습니다. 아래의 kubeconfig를 내려받아 내 컴퓨터의 kubectl을 쓰세요.',
    en: 'This server has no Docker engine, so there is no terminal: a server shared by several people never hands out a shell on its own machine. Download the kubeconfig below and use kubectl on your own computer.',
  },
  resetCluster: { ko: '클러스터 초기화', en: 'Reset cluster' },
  resetConfirm: { ko: '클러스터의 모든 리소스를 지우고 처음 상태로 되돌릴까요?', en: 'Delete everything in your cluster and start from scratch?' },
  downloadKubeconfig: { ko: 'kubeconfig 내려받기', en: 'Download kubeconfig' },
  nodes: { ko: '노드', en: 'Nodes' },
  unscheduled: { ko: '아직 노드에 배치되지 않은 파드', en: 'Pods not yet scheduled' },
  workloads: { ko: '디플로이먼트 → 레플리카셋 → 파드', en: 'Deployments → ReplicaSets → Pods' },
  services: { ko: '인그레스 → 서비스 → 파드', en: 'Ingress → Service → Pods' },
  ingresses: { ko: '인그레스 규칙', en: 'Ingress rules' },
  namespace: { ko: '네임스페이스', en: 'Namespace' },
  allNamespaces: { ko: '모든 네임스페이스', en: 'All namespaces' },
  empty: { ko: '없음', en: 'none' },
  noEndpoints: { ko: '엔드포인트 없음', en: 'no endpoints' },
  clusterSuspended: {
    ko: '오래 쓰지 않아 클러스터를 잠시 멈췄습니다. 명령을 입력하거나 “다시 시작”을 누르면 이어집니다.',
    en: 'Your cluster was paused after a while without use. Type a command or press “Resume” to continue.',
  },
  resume: { ko: '다시 시작', en: 'Resume' },
  liveUpdates: { ko: '실시간', en: 'Live' },
  instructor: { ko: '강사', en: 'Instructor' },
  learners: { ko: '학습자', en: 'Learners' },
  viewing: { ko: '보는 중', en: 'Viewing' },
  readOnlyView: { ko: '읽기 전용으로 보는 중', en: 'Read-only view' },
  notFound: { ko: '페이지를 찾을 수 없습니다.', en: 'Page not found.' },
  forbidden: { ko: '이 페이지를 볼 권한이 없습니다.', en: 'You may not see this page.' },
  siteNavigation: { ko: '사이트 메뉴', en: 'Site' },
  skipToContent: { ko: '본문으로 건너뛰기', en: 'Skip to content' },
  guest: { ko: '게스트', en: 'Guest' },
  noLabs: { ko: '아직 실습이 없습니다.', en: 'No labs yet.' },
  start: { ko: '시작하기', en: 'Start' },
  check: { ko: '확인하기', en: 'Check' },
  checking: { ko: '확인 중…', en: 'Checking…' },
  checkIntro: { ko: '다 했으면 확인하기를 누르세요. 클러스터를 살펴보고 항목마다 결과를 알려 드립니다.', en: 'When you are done, press Check: your cluster is inspected and each criterion is reported.' },
  quiz: { ko: '퀴즈', en: 'Quiz' },
  yourAnswer: { ko: '답', en: 'Your answer' },
  stepPassed: { ko: '이 단계를 마쳤습니다.', en: 'Step complete.' },
  stepNotYet: { ko: '아직 통과하지 못한 항목이 있습니다.', en: 'Some criteria are not met yet.' },
  labComplete: { ko: '실습을 모두 마쳤습니다!', en: 'Lab complete!' },
  expected: { ko: '기대한 것', en: 'Expected' },
  found: { ko: '찾은 것', en: 'Found' },
  hintLabel: { ko: '힌트', en: 'Hint' },
  needsContainers: { ko: '실제 컨테이너가 필요해 건너뜀', en: 'needs real containers; skipped' },
  checkFailed: { ko: '확인하지 못했습니다. 잠시 뒤 다시 시도해 주세요.', en: 'The check could not run. Try again in a moment.' },
  progress: { ko: '진행 상황', en: 'Progress' },
  myProgress: { ko: '내 진행 상황', en: 'My progress' },
  stepsDone: { ko: '단계 완료', en: 'steps done' },
  attempts: { ko: '확인 기록', en: 'Attempts' },
  when: { ko: '시각', en: 'When' },
  result: { ko: '결과', en: 'Result' },
  passedWord: { ko: '통과', en: 'passed' },
  failedWord: { ko: '미통과', en: 'not yet' },
  noAttempts: { ko: '아직 확인한 기록이 없습니다.', en: 'No attempts yet.' },
  timeSpent: { ko: '걸린 시간', en: 'Time spent' },
  classTable: { ko: '반 진행 현황', en: 'Class progress' },
  downloadCsv: { ko: 'CSV 내려받기', en: 'Download CSV' },
  groups: { ko: '반', en: 'Groups' },
  groupName: { ko: '반 이름', en: 'Group name' },
  createGroup: { ko: '반 만들기', en: 'Create group' },
  joinCode: { ko: '참여 코드', en: 'Join code' },
  joinGroup: { ko: '반 참여하기', en: 'Join a group' },
  joined: { ko: '반에 참여했습니다.', en: 'You joined the group.' },
  badJoinCode: { ko: '참여 코드가 맞지 않습니다.', en: 'That join code is not right.' },
  allLearners: { ko: '모든 학습자', en: 'All learners' },
  learner: { ko: '학습자', en: 'Learner' },
  lab: { ko: '실습', en: 'Lab' },
  // Terminal: tabs, paste, save, errors
  saveAsFile: { ko: '{file}에 저장', en: 'Save as {file}' },
  savedAs: { ko: '{path}에 저장했습니다. 터미널에서 kubectl apply -f {file} 하세요.', en: 'Saved as {path}. In the terminal: kubectl apply -f {file}' },
  saveFailed: { ko: '파일을 저장하지 못했습니다. 터미널이 열려 있는지 확인하고 다시 시도해 주세요.', en: 'The file could not be saved. Check that the terminal is open, then try again.' },
  runFullscreen: {
    ko: 'vi 같은 전체 화면 프로그램이 열려 있어 명령을 보내지 않았습니다. 먼저 프로그램을 끝내세요(vi는 Esc를 누른 뒤 :q).',
    en: 'A full-screen program such as vi is open, so the command was not sent. Leave it first (in vi: Esc, then :q).',
  },
  pasteHint: { ko: '붙여넣기: Ctrl+V 또는 오른쪽 클릭 · 복사: 드래그한 뒤 Ctrl+Shift+C', en: 'Paste: Ctrl+V or right-click · Copy: select, then Ctrl+Shift+C' },
  pasteRefused: { ko: '클립보드를 읽을 수 없습니다. Ctrl+V로 붙여 넣으세요.', en: 'The clipboard cannot be read here. Paste with Ctrl+V.' },
  terminalNoShell: { ko: '이 학습자는 지금 열어 둔 셸이 없습니다.', en: 'This learner has no shell open right now.' },
  terminalFailed: { ko: '셸을 시작하지 못했습니다. 잠시 뒤 Enter를 눌러 다시 시도해 주세요.', en: 'The shell could not be started. Press Enter in a moment to try again.' },
  newTab: { ko: '새 터미널 탭', en: 'New terminal tab' },
  closeTab: { ko: '탭 닫기', en: 'Close tab' },
  terminalTabs: { ko: '터미널 탭', en: 'Terminal tabs' },
  // Course flow
  homeTitle: { ko: '브라우저에서 진짜 kubectl로 배우는 쿠버네티스', en: 'Learn Kubernetes with the real kubectl, in your browser' },
  homeIntro: {
    ko: '실습마다 나만의 작은 쿠버네티스 클러스터와 터미널이 주어집니다. 설명을 읽고 터미널에 명령을 입력한 뒤, 단계마다 “확인하기”를 누르면 클러스터를 살펴보고 무엇이 되었고 무엇이 빠졌는지 알려 드립니다. 클러스터 지도에서는 파드와 서비스가 움직이는 모습을 바로 볼 수 있습니다.',
    en: 'Each lab gives you your own small Kubernetes cluster and a terminal. Read the explanation, type the commands, and press “Check” at each step: your cluster is inspected and you learn what worked and what is missing. The cluster map shows your pods and services as they change.',
  },
  signUpToStart: { ko: '가입하고 시작하기', en: 'Sign up and start' },
  startFirstLab: { ko: '첫 실습 시작하기', en: 'Start the first lab' },
  continueLab: { ko: '이어서 하기', en: 'Continue' },
  startNextLab: { ko: '다음 실습 시작하기', en: 'Start the next lab' },
  allLabsDone: { ko: '모든 실습을 마쳤습니다. 수고하셨습니다!', en: 'You have finished every lab. Well done!' },
  labDone: { ko: '완료', en: 'Done' },
  labStarted: { ko: '진행 중', en: 'In progress' },
  labNotStarted: { ko: '시작 전', en: 'Not started' },
  prerequisitesOpen: { ko: '이 실습은 다음 실습을 먼저 하면 이해하기 쉽습니다:', en: 'This lab builds on labs you have not finished yet:' },
  finishLab: { ko: '실습 마무리', en: 'Finish the lab' },
  labNotComplete: { ko: '아직 남은 단계가 있습니다', en: 'Some steps are still open' },
  whatYouDid: { ko: '이번 실습에서 한 일', en: 'What you did in this lab' },
  nextLab: { ko: '다음 실습', en: 'Next lab' },
  backToStep: { ko: '남은 단계로 돌아가기', en: 'Back to the open step' },
  goToComplete: { ko: '마무리 페이지로 →', en: 'To the lab summary →' },
  panes: { ko: '화면 전환', en: 'Switch view' },
  lessonPane: { ko: '설명', en: 'Lesson' },
  joinCodeOptional: { ko: '반 참여 코드 (선택)', en: 'Class join code (optional)' },
  joinLink: { ko: '참여 링크', en: 'Join link' },
  // Cluster map
  restarts: { ko: '재시작', en: 'restarts' },
  revision: { ko: '리비전', en: 'revision' },
  rolloutHistory: { ko: '롤아웃 기록', en: 'Rollout history' },
  firstRevision: { ko: '첫 배포', en: 'first release' },
  noImageChange: { ko: '이미지는 그대로 (다른 설정 변경)', en: 'same images (another change)' },
  current: { ko: '현재', en: 'current' },
  externalName: { ko: '외부 이름', en: 'external name' },
  externalIP: { ko: '외부 IP', en: 'external IP' },
  noSuchService: { ko: '없는 서비스', en: 'no such Service' },
  describeTitle: { ko: '오브젝트 자세히 보기', en: 'Object details' },
  describeFailed: { ko: '자세한 내용을 가져오지 못했습니다.', en: 'The details could not be loaded.' },
  loading: { ko: '불러오는 중…', en: 'Loading…' },
  close: { ko: '닫기', en: 'Close' },
  mapHint: { ko: '오브젝트를 누르면 kubectl describe 결과를 볼 수 있습니다.', en: 'Click an object to see its kubectl describe.' },
  joinToSignIn: { ko: '반에 참여하려면 먼저 가입하거나 로그인하세요.', en: 'Sign up or sign in to join the class.' },
} satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof WORDS;

export function t(lang: Lang, key: WordKey): string {
  return WORDS[key][lang];
}

/** The words the browser code needs, embedded in each page as JSON. */
export const CLIENT_WORDS = [
  'copy', 'copied', 'connecting', 'connected', 'reconnecting', 'disconnected', 'shellExited', 'nodes', 'unscheduled',
  'workloads', 'services', 'ingresses', 'empty', 'noEndpoints', 'clusterSuspended', 'resume', 'resetConfirm', 'liveUpdates',
  'allNamespaces', 'namespace', 'terminal', 'check', 'checking', 'stepPassed', 'stepNotYet', 'labComplete', 'expected', 'found',
  'hintLabel', 'needsContainers', 'checkFailed', 'openLink', 'savedAs', 'saveFailed', 'runFullscreen', 'pasteRefused',
  'terminalNoShell', 'terminalFailed', 'newTab', 'closeTab', 'goToComplete', 'restarts', 'revision', 'rolloutHistory',
  'firstRevision', 'noImageChange', 'current', 'externalName', 'externalIP', 'noSuchService', 'describeTitle', 'describeFailed',
  'loading', 'close',
] as const satisfies readonly WordKey[];

export function clientWords(lang: Lang): Record<string, string> {
  return Object.fromEntries(CLIENT_WORDS.map((k) => [k, t(lang, k)]));
}
