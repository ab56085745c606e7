// The live cluster map: subscribes to /api/clusters/<id>/map (server-sent events), keeps the objects in a model
// and redraws (map-render.ts) on the next animation frame after each batch of changes. Clicking an object opens
// its describe in a side panel.
import type { MapChange, MapObject } from './protocol';
import { applyChanges, buildView, fromSnapshot, type MapObjects } from './map-model';
import { renderMap } from './map-render';
import { DescribePanel } from './describe-panel';
import { esc } from './markup';
import { word } from './words';

export { renderMap };

export class ClusterMapView {
  private state: MapObjects = new Map();
  private source?: EventSource;
  private frame = 0;
  private namespace = '';
  private suspended = false;
  private readonly body: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly notice: HTMLElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly owner: string,
    private readonly stateEl?: HTMLElement | null,
  ) {
    this.select = document.createElement('select');
    this.select.setAttribute('aria-label', word('namespace'));
    this.select.className = 'ns-select';
    this.select.addEventListener('change', () => {
      this.namespace = this.select.value;
      this.render();
    });
    this.notice = document.createElement('div');
    this.notice.className = 'map-notice';
    this.notice.hidden = true;
    this.body = document.createElement('div');
    this.body.className = 'map-body';
    el.append(this.select, this.notice, this.body);
    new DescribePanel(el.parentElement ?? el, owner).listen(this.body);
    // Typing in the terminal wakes a suspended cluster; the map follows.
    document.addEventListener('kubelab:activity', () => {
      if (this.suspended) this.connect();
    });
    this.connect();
  }

  private setState(key: string): void {
    this.el.dataset.state = key;
    if (this.stateEl) {
      this.stateEl.textContent = word(key);
      this.stateEl.dataset.state = key;
    }
  }

  connect(): void {
    this.source?.close();
    this.suspended = false;
    this.notice.hidden = true;
    this.setState('connecting');
    const es = new EventSource(`/api/clusters/${encodeURIComponent(this.owner)}/map`);
    this.source = es;
    es.addEventListener('open', () => this.setState('liveUpdates'));
    es.addEventListener('snapshot', (e) => {
      this.state = fromSnapshot((JSON.parse((e as MessageEvent).data) as { objects: MapObject[] }).objects);
      this.setState('liveUpdates');
      this.scheduleRender();
    });
    es.addEventListener('changes', (e) => {
      applyChanges(this.state, (JSON.parse((e as MessageEvent).data) as { changes: MapChange[] }).changes);
      this.scheduleRender();
    });
    es.addEventListener('status', (e) => {
      const { state } = JSON.parse((e as MessageEvent).data) as { state: 'suspended' | 'reset' };
      es.close();
      if (state === 'reset') this.connect();
      else this.showSuspended();
    });
    es.addEventListener('error', () => {
      if (this.source === es && es.readyState !== EventSource.CLOSED) this.setState('reconnecting');
    });
  }

  private showSuspended(): void {
    this.suspended = true;
    this.setState('disconnected');
    this.notice.hidden = false;
    this.notice.innerHTML = `<p>${esc(word('clusterSuspended'))}</p><button type="button" class="button">${esc(word('resume'))}</button>`;
    this.notice.querySelector('button')!.addEventListener('click', () => this.connect());
  }

  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const namespaces = buildView(this.state.values()).namespaces;
    const options = ['', ...namespaces];
    if (this.select.options.length !== options.length || options.some((n, i) => this.select.options[i]?.value !== n)) {
      this.select.innerHTML = options.map((n) => `<option value="${esc(n)}">${esc(n || word('allNamespaces'))}</option>`).join('');
      this.select.value = options.includes(this.namespace) ? this.namespace : '';
    }
    this.body.innerHTML = renderMap(this.state, this.namespace || undefined);
  }

  dispose(): void {
    this.source?.close();
    cancelAnimationFrame(this.frame);
  }
}
