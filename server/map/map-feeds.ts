// The map feeds of all learners: one per running cluster, created when the first browser subscribes and stopped
// when the last one leaves or the cluster is suspended or reset (its browsers are told and reconnect).
import type { Disposable } from '../../sandbox/api/types';
import type { LearnerClusters } from '../clusters/learner-clusters';
import { MapFeed, type MapListener } from './map-feed';

export class MapFeeds {
  private readonly feeds = new Map<string, MapFeed>();
  private readonly lifecycle: Disposable;

  constructor(private readonly clusters: LearnerClusters) {
    this.lifecycle = clusters.onLifecycle((userId, event) => {
      if (event === 'started') return;
      const feed = this.feeds.get(userId);
      this.feeds.delete(userId);
      feed?.end(event);
    });
  }

  /** Subscribes to the learner's map, starting (or resuming) their cluster. */
  subscribe(userId: string, listener: MapListener): Disposable {
    const cluster = this.clusters.ensure(userId);
    let feed = this.feeds.get(userId);
    if (feed && feed.api !== cluster.api) {
      feed.dispose();
      feed = undefined;
    }
    if (!feed) {
      feed = new MapFeed(cluster.api);
      this.feeds.set(userId, feed);
    }
    const sub = feed.subscribe(listener);
    const owner = feed;
    return {
      dispose: () => {
        sub.dispose();
        if (owner.subscribers === 0 && this.feeds.get(userId) === owner) {
          this.feeds.delete(userId);
          owner.dispose();
        }
      },
    };
  }

  dispose(): void {
    this.lifecycle.dispose();
    for (const f of this.feeds.values()) f.dispose();
    this.feeds.clear();
  }
}
