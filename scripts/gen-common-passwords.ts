// Writes server/auth/common-passwords.txt (whole passwords) and server/auth/common-words.txt (the words they are
// built on; sign-up also refuses one of these wrapped in digits and symbols, e.g. Korea2024!): the passwords
// sign-up refuses as too common (OWASP ASVS 2.1.7 asks for a check against breached or common passwords, offline
// here). Built from facts every published breach
// top-list agrees on — the same few hundred passwords and the same shapes (a word or name, then digits, a year or
// a symbol; keyboard walks; Korean words typed in romanization or on a Latin keyboard) — not copied from any list.
// Only entries of 8 characters or more are kept: shorter ones are refused for length. Run with
//   npx tsx scripts/gen-common-passwords.ts
import fs from 'node:fs';
import path from 'node:path';

// Whole passwords that top every breach list (and their 8+ character relatives).
const WHOLE = `
123456789 12345678 1234567890 11111111 00000000 88888888 12341234 11223344 87654321 123123123 987654321
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa$$word passwort motdepasse
qwertyuiop qwerty123 qwerty12 qwerty1234 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qaz2wsx3edc qazwsxedc zaq12wsx zxcvbnm1
asdfghjkl asdf1234 zxcvbnm123 q1w2e3r4 q1w2e3r4t5 a1b2c3d4 abcd1234 abc12345 abcdefg1 aa123456 a1234567
iloveyou iloveyou1 iloveyou2 trustno1 sunshine princess football baseball basketball superman batman123
letmein1 welcome1 welcome123 whatever monkey123 dragon123 master123 shadow123 michael1 jennifer jordan23
starwars computer internet mustang1 charlie1 freedom1 1password admin123 administrator adminadmin root1234
changeme changeme1 default1 guest123 test1234 testtest test12345 qwertyuiop123 secret123 mypassword
loveyou1 lovely123 football1 baseball1 liverpool chelsea1 arsenal1 manchester barcelona realmadrid
samsung1 samsung123 iphone123 google123 facebook youtube1 pokemon1 minecraft naruto123 onepiece
kubernetes kubernetes1 kubectl123 docker123 linux123 ubuntu123 student1 student123 teacher1 school123
helloworld hello123 hello1234 goodluck sweetheart chocolate butterfly superstar rockstar blink182
`;

// Words and names that breached passwords are built on.
const WORDS = `
password passwd qwerty dragon monkey master shadow sunshine princess football baseball soccer hockey tennis
letmein welcome login admin secret love lovely flower summer winter spring autumn killer hunter ranger
michael jennifer jordan thomas robert daniel andrew joshua matthew anthony william charlie george
jessica ashley amanda nicole melissa michelle daniel buster tigger pepper ginger maggie bailey
superman batman spiderman pokemon naruto starwars matrix hello freedom whatever trustno
computer internet google apple samsung iphone android windows linux ubuntu docker kube kubernetes
student teacher school college korea seoul busan hangul daehan hanguk saranghae sarang saranghe
gwenchana aigoo oppa unnie hyung nuna chingu haengbok bogoshipo fighting hwaiting daebak
gksrmf dkssud tkfkd rlawk qkqh whgdms rhdwn ghkdlxld tkfkdgo dkfvk
orange banana cherry purple yellow silver golden diamond crystal angel heaven dream magic
tiger lion eagle wolf bear shark panda kitty puppy doggy
`;

// Keyboard walks and counting, as people type them.
const WALKS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc', 'qazwsxedc', '!qaz@wsx', '1q2w3e4r5t6y', 'q1w2e3r4t5y6', 'zaq1xsw2', 'qweasdzxc', 'poiuytrewq', 'lkjhgfdsa', 'mnbvcxz'];

const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '123456', '!', '1!', '123!', '@', '@123', '#1', '01', '07', '11', '13', '22', '69', '77', '88', '99', '00', '007'];

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

export function commonPasswords(): string[] {
  const out = new Set<string>();
  const add = (p: string) => {
    if (p.length >= 8 && p.length <= 64) out.add(p.toLowerCase());
  };
  for (const w of words(WHOLE)) add(w);
  for (const w of [...words(WORDS), ...WALKS]) {
    for (const s of SUFFIXES) add(w + s);
    add(w + w);
  }
  for (const w of WALKS) for (let n = 8; n <= w.length; n++) add(w.slice(0, n));
  for (let d = 0; d <= 9; d++) for (let n = 8; n <= 12; n++) add(String(d).repeat(n));
  return [...out].sort();
}

export function commonWords(): string[] {
  return [...new Set([...words(WORDS), ...WALKS].map((w) => w.toLowerCase()).filter((w) => w.length >= 4))].sort();
}

if (require.main === module) {
  for (const [name, list] of [['common-passwords.txt', commonPasswords()], ['common-words.txt', commonWords()]] as const) {
    const file = path.join(__dirname, '..', 'server', 'auth', name);
    fs.writeFileSync(file, `${list.join('\n')}\n`);
    console.log(`${list.length} entries written to ${path.relative(process.cwd(), file)}`);
  }
}
