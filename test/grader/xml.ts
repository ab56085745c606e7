// A tiny, strict XML reader for tests: elements, attributes, text, entities, the XML declaration. It throws on
// anything malformed (unclosed or mismatched tags, bad entities, stray '<' or '&'), which is the point: JUnit
// reports must be well-formed for CI systems to read them.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML: ${msg} at offset ${i}`);
  };
  const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  const isNameChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === ':' || c === '.';
  const skipSpace = () => {
    while (i < src.length && isSpace(src[i])) i++;
  };
  const name = () => {
    const start = i;
    while (i < src.length && isNameChar(src[i])) i++;
    if (i === start) fail('expected a name');
    return src.slice(start, i);
  };
  const decode = (s: string) => {
    let out = '';
    for (let k = 0; k < s.length; k++) {
      if (s[k] === '<') fail('raw < in text');
      if (s[k] !== '&') {
        out += s[k];
        continue;
      }
      const end = s.indexOf(';', k);
      if (end < 0) fail('unterminated entity');
      const ent = s.slice(k + 1, end);
      if (ent.startsWith('#')) out += String.fromCodePoint(ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
      else if (ENTITIES[ent] !== undefined) out += ENTITIES[ent];
      else fail(`unknown entity &${ent};`);
      k = end;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const key = name();
      skipSpace();
      if (src[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('expected a quoted attribute value');
      const end = src.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute');
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      el.attrs[key] = decode(src.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (src[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) fail('content after the root element');
  return root;
}
