// The cluster map drawn as markup: nodes with their pods; Deployment → ReplicaSet → Pods with a rollout timeline
// (each revision and what it changed); Ingress → Service → Pods as flows with arrows, an ExternalName's target and
// a LoadBalancer's address where endpoints would be. Every object can be opened (data-describe) for its describe.
// Everything drawn here comes from the learner's cluster, which the learner controls (an instructor watches it):
// every value goes through h``, which escapes it whatever its type.
import type { MapObject, MapPod, MapService } from './protocol';
import { buildView, podStatusText, podTone, rolloutTimeline, rulesTo, type DeploymentBox, type MapObjects, type ReplicaSetBox } from './map-model';
import { h, type Markup } from './markup';
import { word } from './words';

const ARROW_RIGHT = h`<span class="arrow" aria-hidden="true">→</span>`;
const ARROW_DOWN = h`<span class="arrow arrow-down" aria-hidden="true">↓</span>`;

/** The attributes that let a click open the object's describe. */
function opens(kind: string, name: string, namespace?: string): Markup {
  return h`data-describe="${kind}" data-name="${name}" data-namespace="${namespace ?? ''}" tabindex="0" role="button"`;
}

function podChip(p: MapPod): Markup {
  const status = podStatusText(p);
  const ready = `${p.readyContainers}/${p.containers}`;
  const label = `${p.namespace ? `${p.namespace}/` : ''}${p.name}: ${status}, ${ready}${p.restarts ? `, ${word('restarts')} ${p.restarts}` : ''}${p.nodeName ? `, ${p.nodeName}` : ''}`;
  return h`<li class="pod pod-${podTone(p)}" data-pod="${p.name}" data-phase="${p.phase}" title="${label}" aria-label="${label}" ${opens('Pod', p.name, p.namespace)}><span class="pod-name">${p.name}</span><span class="pod-status">${status} · ${ready}</span></li>`;
}

function podList(pods: MapPod[]): Markup {
  return pods.length ? h`<ul class="pods">${pods.map(podChip)}</ul>` : h`<p class="muted">${word('empty')}</p>`;
}

function head(kind: string, name: string, namespace: string | undefined, rest: Markup | string = ''): Markup {
  return h`<div class="obj-head" ${opens(kind, name, namespace)}><span class="kind">${kind}</span> <b>${name}</b>${rest}</div>`;
}

function rsBlock(b: ReplicaSetBox): Markup {
  const rs = b.replicaSet;
  return h`<li class="rs" data-replicaset="${rs.name}">${head('ReplicaSet', rs.name, rs.namespace, h` <span class="count">${rs.readyReplicas}/${rs.replicas}</span>${rs.revision ? h` <span class="muted">${word('revision')} ${rs.revision}</span>` : ''}`)}${ARROW_DOWN}${podList(b.pods)}</li>`;
}

function timeline(d: DeploymentBox): Markup {
  const revisions = rolloutTimeline(d);
  if (!revisions.length) return h``;
  const items = revisions.map((r) => {
    const what = r.first
      ? word('firstRevision')
      : r.changes.length
        ? r.changes.map((c) => (c.from === undefined ? `${c.container}: + ${c.to}` : c.to === undefined ? `${c.container}: − ${c.from}` : `${c.container}: ${c.from} → ${c.to}`)).join(', ')
        : word('noImageChange');
    return h`<li class="revision${r.current ? ' current' : ''}" data-revision="${r.revision}"><span class="rev-no">${word('revision')} ${r.revision}</span>${r.current ? h` <span class="tag">${word('current')}</span>` : ''} <span class="rev-what">${what}</span>${r.replicaSet.changeCause ? h` <span class="rev-cause" title="kubernetes.io/change-cause">${r.replicaSet.changeCause}</span>` : ''}</li>`;
  });
  return h`<details class="rollout" open><summary>${word('rolloutHistory')}</summary><ol class="timeline">${items}</ol></details>`;
}

function deploymentBlock(d: DeploymentBox): Markup {
  const dep = d.deployment;
  return h`<li class="deploy" data-deployment="${dep.name}">${head('Deployment', dep.name, dep.namespace, h` <span class="count">${dep.readyReplicas}/${dep.replicas}</span>`)}${timeline(d)}${ARROW_DOWN}<ul class="rs-list">${d.replicaSets.map(rsBlock)}</ul></li>`;
}

/** Where a Service sends traffic: its endpoints (pods), an ExternalName's DNS name, or nothing yet. */
function serviceTargets(s: MapService, endpoints: { ip: string; pod?: string; ready: boolean }[]): Markup {
  if (s.type === 'ExternalName') {
    return h`<div class="flow-to external-name" data-external-name="${s.externalName ?? ''}"><span class="kind">${word('externalName')}</span> <b>${s.externalName ?? '?'}</b></div>`;
  }
  if (!endpoints.length) return h`<div class="flow-to"><p class="muted">${word('noEndpoints')}</p></div>`;
  return h`<ul class="flow-to endpoints">${endpoints.map((e) => h`<li class="${e.ready ? 'ep-ready' : 'ep-not-ready'}"${e.pod ? h` ${opens('Pod', e.pod, s.namespace)}` : ''}>${e.pod ? h`<b>${e.pod}</b> ` : ''}<span class="ep-ip">${e.ip}</span></li>`)}</ul>`;
}

function section(title: string, body: Markup, cls: string): Markup {
  return h`<section class="map-section ${cls}"><h3>${title}</h3>${body}</section>`;
}

export function renderMap(objects: MapObject[] | MapObjects, namespace?: string): string {
  const v = buildView(objects instanceof Map ? objects.values() : objects, namespace);
  const nodes = v.nodes.map(
    (n) =>
      h`<li class="node${n.node.ready ? '' : ' node-not-ready'}" data-node="${n.node.name}">${head('Node', n.node.name, undefined, h`${n.node.controlPlane ? h` <span class="tag">control-plane</span>` : ''}${n.node.ready ? '' : h` <span class="tag warn">NotReady</span>`}${n.node.unschedulable ? h` <span class="tag">SchedulingDisabled</span>` : ''}`)}${podList(n.pods)}</li>`,
  );
  const unscheduled = v.unscheduled.length
    ? h`<div class="unscheduled" data-unscheduled><h4>${word('unscheduled')}</h4><ul class="pods">${v.unscheduled.map(podChip)}</ul></div>`
    : '';
  const workloadItems = [...v.deployments.map(deploymentBlock), ...v.replicaSets.map(rsBlock)];
  const workloads = workloadItems.length ? h`<ul class="workloads">${workloadItems}</ul>` : h`<p class="muted">${word('empty')}</p>`;
  const routed = new Set<string>();
  const flows = v.services.map((s) => {
    const svc = s.service;
    const rules = rulesTo(v.ingresses, svc);
    for (const r of rules) routed.add(`${r.ingress.uid}|${r.host ?? ''}|${r.path ?? ''}`);
    const from = rules.length
      ? h`<ul class="flow-from">${rules.map((r) => h`<li class="ing" data-ingress="${r.ingress.name}" ${opens('Ingress', r.ingress.name, r.ingress.namespace)}><span class="kind">Ingress</span> <b>${r.ingress.name}</b> <span class="rule">${r.host ?? '*'}${r.path ?? ''}</span></li>`)}</ul>${ARROW_RIGHT}`
      : '';
    const ports = Array.isArray(svc.ports) ? svc.ports.join(', ') : svc.ports;
    const lb = Array.isArray(svc.externalIPs) && svc.externalIPs.length ? h` <span class="lb-ip" data-lb-ip>${word('externalIP')} ${svc.externalIPs.join(', ')}</span>` : '';
    return h`<li class="flow svc" data-service="${svc.name}">${from}<div class="flow-svc">${head('Service', svc.name, svc.namespace, h` <span class="tag">${svc.type}</span>`)}<div class="muted">${svc.clusterIP ?? ''} ${ports}${lb}</div></div>${ARROW_RIGHT}${serviceTargets(svc, s.endpoints)}</li>`;
  });
  // Rules to Services that do not exist (yet): the arrow ends in nothing, which is the learner's bug to see.
  const dangling = v.ingresses.flatMap((i) =>
    (Array.isArray(i.rules) ? i.rules : [])
      .filter((r) => !routed.has(`${i.uid}|${r.host ?? ''}|${r.path ?? ''}`))
      .map((r) => h`<li class="flow ing-dangling" data-ingress="${i.name}"><div class="ing" ${opens('Ingress', i.name, i.namespace)}><span class="kind">Ingress</span> <b>${i.name}</b> <span class="rule">${r.host ?? '*'}${r.path ?? ''}</span></div>${ARROW_RIGHT}<div class="flow-to"><p class="muted warn">${word('noSuchService')}: ${r.service ?? '?'}${r.port ? h`:${r.port}` : ''}</p></div></li>`),
  );
  const traffic = flows.length || dangling.length ? h`<ul class="flows">${flows}${dangling}</ul>` : h`<p class="muted">${word('empty')}</p>`;
  return (
    section(word('nodes'), h`<ul class="nodes">${nodes}</ul>${unscheduled}`, 'map-nodes').value +
    section(word('workloads'), workloads, 'map-workloads').value +
    section(word('services'), traffic, 'map-services').value
  );
}
