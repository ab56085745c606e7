// The learner's tools beside a lesson: the terminal with its tabs (or why there is none) and the live cluster map,
// with the cluster's Reset and Download-kubeconfig actions. The browser code finds them by their data attributes.
import type { Lang } from '../../grader/checks/types';
import { t } from '../i18n';
import { html, type SafeHtml } from '../http/html';
import { MAX_TABS } from '../terminal/terminal-sessions';

/** `no-host-shell`: several users and no Docker engine, so no shell at all (a host shell is for --guest only). */
export type TerminalState = 'available' | 'not-loopback' | 'unavailable' | 'no-host-shell';

export interface LabToolsOptions {
  lang: Lang;
  /** Whose cluster and terminal these are. */
  ownerId: string;
  csrf: string;
  readOnly: boolean;
  terminal: TerminalState;
  /** Terminal tabs whose shells are running (reopened with the page); tab 1 when none. */
  tabs?: number[];
}

export function labTools(o: LabToolsOptions): SafeHtml {
  const id = encodeURIComponent(o.ownerId);
  const terminal =
    o.terminal === 'available'
      ? html`<div class="terminal-tabbar" data-terminal-tabbar role="tablist" aria-label="${t(o.lang, 'terminalTabs')}"></div>
    <div class="terminal-stack" data-terminal-stack data-owner="${o.ownerId}" data-readonly="${o.readOnly ? 'true' : 'false'}" data-max-tabs="${MAX_TABS}" role="region" aria-label="${t(o.lang, 'terminal')}">${(o.tabs?.length ? o.tabs : [1]).map(
      (n) => html`<div class="terminal" data-terminal data-tab="${n}" id="terminal-tab-${n}" role="tabpanel"></div>`,
    )}</div>
    ${o.readOnly ? '' : html`<p class="terminal-hint">${t(o.lang, 'pasteHint')}</p>`}`
      : html`<p class="terminal-unavailable" role="status">${t(o.lang, o.terminal === 'no-host-shell' ? 'terminalNoHostShell' : 'terminalUnavailable')}</p>`;
  const reset = o.readOnly
    ? ''
    : html`<form method="post" action="/api/clusters/${id}/reset" class="inline-form" data-reset-form>
        <input type="hidden" name="_csrf" value="${o.csrf}">
        <button type="submit" class="danger">${t(o.lang, 'resetCluster')}</button>
      </form>`;
  return html`<section class="lab-tools" id="lab-tools" aria-label="${t(o.lang, 'terminal')} / ${t(o.lang, 'clusterMap')}">
  <div class="panel terminal-panel" id="pane-terminal" data-pane="terminal">
    <div class="panel-bar">
      <h2>${t(o.lang, 'terminal')}${o.readOnly ? html` <span class="badge">${t(o.lang, 'readOnlyView')}</span>` : ''}</h2>
      <span class="conn-state" data-terminal-state role="status" aria-live="polite">${o.terminal === 'available' ? t(o.lang, 'connecting') : ''}</span>
      <div class="panel-actions">
        <a class="button" href="/api/clusters/${id}/kubeconfig" download="kubeconfig">${t(o.lang, 'downloadKubeconfig')}</a>
        ${reset}
      </div>
    </div>
    ${terminal}
  </div>
  <div class="panel map-panel" id="pane-map" data-pane="map">
    <div class="panel-bar">
      <h2>${t(o.lang, 'clusterMap')}</h2>
      <span class="conn-state" data-map-state role="status" aria-live="polite"></span>
      <span class="map-hint">${t(o.lang, 'mapHint')}</span>
    </div>
    <div class="cluster-map" data-cluster-map data-owner="${o.ownerId}" aria-live="off"></div>
  </div>
</section>`;
}
