// The browser entry: enhances the server-rendered page — code block buttons, the terminal tabs, the cluster map,
// the Check panel, the Reset button and the phone's pane switch — each only where its element is present.
import './styles.css';
import { ClusterMapView } from './cluster-map';
import { initCodeBlocks } from './code-blocks';
import { initCheckPanel } from './check-panel';
import { initPanes, panesStacked, type PaneName } from './panes';
import { TerminalTabs } from './terminal-tabs';
import { csrfToken, word } from './words';
import { initAutoSubmit, initLiveSection, initLocalTime } from './instructor/page-helpers';
import { initReplay } from './instructor/replay-player';
import { initClusterScrubber } from './instructor/cluster-scrubber';

function initResetForm(form: HTMLFormElement): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!confirm(word('resetConfirm'))) return;
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    void fetch(form.action, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' } }).finally(() => {
      if (button) button.disabled = false;
    });
  });
}

/** Forms that destroy something ask first (data-confirm); without JavaScript they post as they are. */
function initConfirmForms(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
    form.addEventListener('submit', (e) => {
      if (!confirm(form.dataset.confirm ?? '')) e.preventDefault();
    });
  }
}

function start(): void {
  initConfirmForms(document);
  const stack = document.querySelector<HTMLElement>('[data-terminal-stack]');
  const bar = document.querySelector<HTMLElement>('[data-terminal-tabbar]');
  const readOnly = stack?.dataset.readonly === 'true';
  const tabs =
    stack && bar
      ? new TerminalTabs(bar, stack, {
          owner: stack.dataset.owner ?? '',
          readOnly,
          maxTabs: Number(stack.dataset.maxTabs) || 4,
          stateEl: document.querySelector<HTMLElement>('[data-terminal-state]'),
        })
      : undefined;
  const workspace = document.querySelector<HTMLElement>('.workspace');
  let show: ((pane: PaneName) => void) | undefined;
  if (workspace?.querySelector('.pane-switch')) show = initPanes(workspace, (pane) => pane === 'terminal' && tabs?.active?.refit());
  const run = tabs && !readOnly
    ? (command: string) => {
        // On a phone the learner is reading the lesson: show them the terminal the command goes to.
        if (workspace && show && panesStacked(workspace)) show('terminal');
        return tabs.active!.run(command);
      }
    : undefined;
  const lessonBody = document.querySelector<HTMLElement>('[data-files-action]');
  initCodeBlocks(document, run, tabs && !readOnly ? lessonBody?.dataset.filesAction : undefined);
  const mapEl = document.querySelector<HTMLElement>('[data-cluster-map]');
  if (mapEl) new ClusterMapView(mapEl, mapEl.dataset.owner ?? '', document.querySelector<HTMLElement>('[data-map-state]'));
  const checkPanel = document.querySelector<HTMLElement>('[data-check-panel]');
  if (checkPanel) initCheckPanel(checkPanel);
  const reset = document.querySelector<HTMLFormElement>('[data-reset-form]');
  if (reset) initResetForm(reset);
  // Instructor pages: local times, filters, live analytics, terminal replay, the cluster through time.
  initLocalTime(document);
  initAutoSubmit(document);
  const live = document.querySelector<HTMLElement>('[data-live-section]');
  if (live) initLiveSection(live);
  const replay = initReplay(document);
  const scrubber = initClusterScrubber(document);
  // Tests and curious learners can reach the terminal in front (and the tabs) from the console.
  (window as unknown as { kubelab: unknown }).kubelab = {
    get terminal() {
      return tabs?.active;
    },
    tabs,
    replay,
    scrubber,
  };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
