// The map feed: a snapshot first, then batched changes from server-side watches; a deleted pod of a Deployment
// disappears and its replacement appears; the browsers are told when the cluster is suspended or reset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../../../sandbox/cluster';
import { ClusterHost } from '../../../sandbox/host';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { MapFeed } from '../../../server/map/map-feed';
import { MapFeeds } from '../../../server/map/map-feeds';
import { LearnerClusters } from '../../../server/clusters/learner-clusters';
import { openDatabase } from '../../../server/db/database';
import { waitFor } from '../../helpers/test-cluster';
import { buildView } from '../../../web/map-model';
import type { MapEvent, MapObject } from '../../../web/protocol';

const pods = findKind('Pod')!;
const deployments = findKind('Deployment')!;

function pod(name: string) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

/** A browser's picture of the map: the snapshot plus every change since. */
function follow(feed: { subscribe: MapFeed['subscribe'] }) {
  const events: MapEvent[] = [];
  const objects = new Map<string, MapObject>();
  const sub = feed.subscribe((e) => {
    events.push(e);
    if (e.event === 'snapshot') for (const o of e.data.objects) objects.set(`${o.kind}/${o.uid}`, o);
    if (e.event === 'changes') {
      for (const c of e.data.changes) {
        if (c.type === 'DELETED') objects.delete(`${c.object.kind}/${c.object.uid}`);
        else objects.set(`${c.object.kind}/${c.object.uid}`, c.object);
      }
    }
  });
  return { events, objects, sub };
}

describe('MapFeed', () => {
  let cluster: Cluster;
  afterEach(() => cluster.dispose());

  it('sends the nodes first, then a created pod as Pending without a node, then its deletion', async () => {
    cluster = new Cluster({ workers: 1, controllers: false, compactEveryMs: 0, log: () => undefined });
    const feed = new MapFeed(cluster.api, 5);
    const view = follow(feed);
    expect(view.events[0].event).toBe('snapshot');
    expect([...view.objects.values()].filter((o) => o.kind === 'Node').map((o) => o.name).sort()).toEqual(['kubelab-control-plane', 'kubelab-worker']);
    cluster.api.create(pods, 'default', pod('lonely'));
    await waitFor(() => [...view.objects.values()].some((o) => o.name === 'lonely'), 'the pod on the map');
    const shown = buildView(view.objects.values());
    expect(shown.unscheduled.map((p) => [p.name, p.phase])).toEqual([['lonely', 'Pending']]);
    cluster.api.delete(pods, 'default', 'lonely', { gracePeriodSeconds: 0 });
    await waitFor(() => ![...view.objects.values()].some((o) => o.name === 'lonely'), 'the pod gone from the map');
    feed.dispose();
  });

  it('batches a burst of changes into one message', async () => {
    cluster = new Cluster({ workers: 1, controllers: false, compactEveryMs: 0, log: () => undefined });
    const feed = new MapFeed(cluster.api, 20);
    const view = follow(feed);
    for (let i = 0; i < 10; i++) cluster.api.create(pods, 'default', pod(`p${i}`));
    await waitFor(() => view.events.length > 1, 'a changes message');
    expect(view.events[1].event).toBe('changes');
    expect((view.events[1] as Extract<MapEvent, { event: 'changes' }>).data.changes).toHaveLength(10);
    feed.dispose();
  });

  it('shows a Deployment → ReplicaSet → Pods, and a deleted pod replaced by a new one', async () => {
    cluster = new Cluster({ workers: 1, compactEveryMs: 0, log: () => undefined });
    const feed = new MapFeed(cluster.api, 5);
    const view = follow(feed);
    cluster.api.create(deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    const podsOfWeb = () => buildView(view.objects.values()).deployments.find((d) => d.deployment.name === 'web')?.replicaSets[0]?.pods ?? [];
    await waitFor(() => podsOfWeb().length === 2, 'two pods under the Deployment', 20_000);
    const victim = podsOfWeb()[0].name;
    cluster.api.delete(pods, 'default', victim, { gracePeriodSeconds: 0 });
    await waitFor(() => podsOfWeb().length === 2 && !podsOfWeb().some((p) => p.name === victim), 'a replacement pod', 20_000);
    feed.dispose();
  });
});

describe('MapFeeds', () => {
  it('tells subscribers when the cluster is suspended or reset, and a new subscription sees the new cluster', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-feeds-'));
    const db = openDatabase(path.join(dir, 'kubelab.db'));
    db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('ann', 'ann@x', 'Ann', '-', 'learner', 0)").run();
    const clusters = new LearnerClusters({ db, host: new ClusterHost(), dir, idleMs: 0, clusterOptions: { workers: 1, controllers: false, log: () => undefined } });
    const feeds = new MapFeeds(clusters);
    try {
      const first = follow({ subscribe: (l) => feeds.subscribe('ann', l) });
      clusters.reset('ann');
      expect(first.events.at(-1)).toEqual({ event: 'status', data: { state: 'reset' } });
      const second = follow({ subscribe: (l) => feeds.subscribe('ann', l) });
      expect(second.events[0].event).toBe('snapshot');
      clusters.suspend('ann');
      expect(second.events.at(-1)).toEqual({ event: 'status', data: { state: 'suspended' } });
      expect(clusters.running('ann')).toBeUndefined();
    } finally {
      feeds.dispose();
      clusters.dispose();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
