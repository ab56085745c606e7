// What "the Korean UI shows only Korean" means, as a check over a page in a real browser: every visible text and
// every label a screen reader reads (title, aria-label, placeholder, alt), with code, the terminal, other-language
// elements and the learner's own objects left out, must carry no English word — apart from names: programs and
// tools (kubectl, vi), Kubernetes kinds and states (Pod, ReplicaSet, Running), acronyms (CSV, IP, UTC), keys
// (Ctrl, Esc), field names (targetPort) and identifiers (simple-echo, gihyodocker/echo:latest, 10.96.0.1).
import type { Page } from 'playwright-core';

/** Names that stay as they are in Korean text. */
export const NAMES = [
  'kubelab', 'kubectl', 'kubeconfig', 'kubelet', 'kubernetes', 'Kubernetes', 'etcd', 'docker', 'Docker', 'nginx', 'echo', 'localhost', 'vi', 'less',
  'bash', 'curl', 'wget', 'busybox', 'describe', 'apply', 'get', 'logs', 'exec', 'rollout', 'label', 'run', 'create', 'delete',
  'Pod', 'Pods', 'Node', 'Service', 'Ingress', 'Deployment', 'Job', 'CronJob', 'Secret', 'Namespace', 'Endpoints', 'Event',
  'Running', 'Pending', 'Ready', 'Succeeded', 'Failed', 'Terminating', 'Completed', 'Unknown',
  'Ctrl', 'Shift', 'Esc', 'Enter', 'Tab', 'English', 'DevOps', 'Prefix', 'Exact',
  // Field names, label keys and values the labs use as names (spec.ports[].port, release: summer).
  'port', 'app', 'release', 'summer', 'winter', 'tier', 'sim',
];

/** Texts on the page that are not Korean, each once (empty when the page is all Korean). */
export async function nonKoreanTexts(p: Page): Promise<string[]> {
  const texts = await p.evaluate(() => {
    // Code, the terminal's screen, the learner's own names and objects, and text marked as another language.
    const SKIP = 'code, pre, kbd, samp, script, style, .xterm, [data-terminal], bdi, .user-name, .pod, [data-describe] b, .ep-ip, .rule, .rev-what, .rev-cause, .flow-to b, .external-name b, [data-lb-ip], .flow-svc .muted, .ns-select, [lang]:not([lang="ko"])';
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getClientRects?.();
      return !!r && r.length > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const el = n.parentElement;
        if (!el || el.closest(SKIP) || !visible(el)) continue;
        const t = (n.textContent ?? '').trim();
        if (t) out.push(t);
        continue;
      }
      const el = n as Element;
      if (el.closest(SKIP)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v && (el.closest('[hidden]') === null)) out.push(v);
      }
      if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button') && el.value) out.push(el.value);
    }
    return out;
  });
  const names = new Set(NAMES);
  const english = (text: string) =>
    text
      // quoted literals ("Hello Docker!!") and `code`
      .replace(/"[^"]*"|`[^`]*`/g, ' ')
      // identifiers: anything with a digit, dot, slash, colon, dash, underscore or @ inside
      .replace(/[\p{L}\p{N}]*[0-9./:_@=-][\p{L}\p{N}./:_@=,-]*/gu, ' ')
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length >= 2)
      .filter((w) => !names.has(w) && !/^[A-Z0-9]{2,6}$/.test(w) && !/^[A-Za-z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(w));
  return [...new Set(texts.filter((t) => english(t).length))];
}
