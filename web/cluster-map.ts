// The live cluster map: subscribes to /api/clusters/<id>/map (server-sent events), keeps the objects in a model
// and redraws on the next animation frame after each batch of changes. Pods are chips coloured by phase and
// readiness, drawn inside their node, and again under the ReplicaSet that owns them.
import type { MapChange, MapObject, MapPod } from './protocol';
import { applyChanges, buildView, fromSnapshot, podStatusText, podTone, type MapObjects, type ReplicaSetBox } from './map-model';
import { esc, h, type Markup } from './markup';
import { word } from './words';

// Everything drawn here comes from the learner's cluster, which the learner controls (an instructor watches it):
// every value goes through h``, which escapes it whatever its type.

function podChip(p: MapPod): Markup {
  const status = podStatusText(p);
  const ready = `${p.readyContainers}/${p.containers}`;
  const label = `${p.namespace ? `${p.namespace}/` : ''}${p.name}: ${status}, ${ready}${p.restarts ? `, restarts ${p.restarts}` : ''}${p.nodeName ? `, ${p.nodeName}` : ''}`;
  return h`<li class="pod pod-${podTone(p)}" data-pod="${p.name}" data-phase="${p.phase}" title="${label}" aria-label="${label}"><span class="pod-name">${p.name}</span><span class="pod-status">${status} · ${ready}</span></li>`;
}

function podList(pods: MapPod[]): Markup {
  return pods.length ? h`<ul class="pods">${pods.map(podChip)}</ul>` : h`<p class="muted">${word('empty')}</p>`;
}

function rsBlock(b: ReplicaSetBox): Markup {
  const rs = b.replicaSet;
  return h`<li class="rs" data-replicaset="${rs.name}"><div class="obj-head"><span class="kind">ReplicaSet</span> <b>${rs.name}</b> <span class="count">${rs.readyReplicas}/${rs.replicas}</span>${rs.revision ? h` <span class="muted">rev ${rs.revision}</span>` : ''}</div>${podList(b.pods)}</li>`;
}

function section(title: string, body: Markup, cls: string): Markup {
  return h`<section class="map-section ${cls}"><h3>${title}</h3>${body}</section>`;
}

export function renderMap(objects: MapObject[] | MapObjects, namespace?: string): string {
  const v = buildView(objects instanceof Map ? objects.values() : objects, namespace);
  const nodes = v.nodes.map(
    (n) =>
      h`<li class="node${n.node.ready ? '' : ' node-not-ready'}" data-node="${n.node.name}"><div class="obj-head"><span class="kind">Node</span> <b>${n.node.name}</b>${n.node.controlPlane ? h` <span class="tag">control-plane</span>` : ''}${n.node.ready ? '' : h` <span class="tag warn">NotReady</span>`}${n.node.unschedulable ? h` <span class="tag">SchedulingDisabled</span>` : ''}</div>${podList(n.pods)}</li>`,
  );
  const unscheduled = v.unscheduled.length
    ? h`<div class="unscheduled" data-unscheduled><h4>${word('unscheduled')}</h4><ul class="pods">${v.unscheduled.map(podChip)}</ul></div>`
    : '';
  const deployments = v.deployments.map(
    (d) =>
      h`<li class="deploy" data-deployment="${d.deployment.name}"><div class="obj-head"><span class="kind">Deployment</span> <b>${d.deployment.name}</b> <span class="count">${d.deployment.readyReplicas}/${d.deployment.replicas}</span></div><ul class="rs-list">${d.replicaSets.map(rsBlock)}</ul></li>`,
  );
  const loneRs = v.replicaSets.map(rsBlock);
  const workloads = deployments.length || loneRs.length ? h`<ul class="workloads">${deployments}${loneRs}</ul>` : h`<p class="muted">${word('empty')}</p>`;
  const services = v.services.length
    ? h`<ul class="services">${v.services.map(
        (s) =>
          h`<li class="svc" data-service="${s.service.name}"><div class="obj-head"><span class="kind">Service</span> <b>${s.service.name}</b> <span class="tag">${s.service.type}</span> <span class="muted">${s.service.clusterIP ?? ''} ${Array.isArray(s.service.ports) ? s.service.ports.join(', ') : s.service.ports}</span></div>${
            s.endpoints.length
              ? h`<ul class="endpoints">${s.endpoints.map((e) => h`<li class="${e.ready ? 'ep-ready' : 'ep-not-ready'}">${e.ip}${e.pod ? h` → ${e.pod}` : ''}</li>`)}</ul>`
              : h`<p class="muted">${word('noEndpoints')}</p>`
          }</li>`,
      )}</ul>`
    : h`<p class="muted">${word('empty')}</p>`;
  const ingresses = v.ingresses.length
    ? h`<ul class="ingresses">${v.ingresses.map(
        (i) =>
          h`<li class="ing" data-ingress="${i.name}"><div class="obj-head"><span class="kind">Ingress</span> <b>${i.name}</b>${i.className ? h` <span class="tag">${i.className}</span>` : ''}</div><ul class="rules">${i.rules.map(
            (r) => h`<li>${r.host ?? '*'}${r.path ?? ''} → ${r.service ?? '?'}${r.port ? h`:${r.port}` : ''}</li>`,
          )}</ul></li>`,
      )}</ul>`
    : '';
  return (
    section(word('nodes'), h`<ul class="nodes">${nodes}</ul>${unscheduled}`, 'map-nodes').value +
    section(word('workloads'), workloads, 'map-workloads').value +
    section(word('services'), services, 'map-services').value +
    (ingresses ? section(word('ingresses'), ingresses, 'map-ingresses').value : '')
  );
}

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
