import { RESOURCES } from '../../../../sandbox/apiserver/kinds/registry';
import type { KubeObject } from '../../../../sandbox/api/types';
import { tableFor } from '../../../../sandbox/apiserver/kinds/strategy';

const NOW = new Date('2024-05-01T12:00:00Z');
const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', uid: 'u1', labels: { app: 'x' }, creationTimestamp: '2024-05-01T11:00:00Z' }, data: {} };

describe('tableFor', () => {
  it.each(RESOURCES.map((r) => r.kind))('prints %s with a Name column and one cell per column', (kind) => {
    const { columnDefinitions, rows } = tableFor(kind, [{ ...obj, kind, metadata: { ...obj.metadata, name: 'x' } }], NOW);
    expect(columnDefinitions.find((c) => c.name === 'Name')?.format).toBe('name');
    expect(rows[0].cells).toHaveLength(columnDefinitions.length);
    expect(rows[0].cells).toContain('x');
  });

  it('marks only the -o wide columns with priority 1', () => {
    const wide = (kind: string) => tableFor(kind, [], NOW).columnDefinitions.filter((c) => c.priority === 1).map((c) => c.name);
    expect(wide('Pod')).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(wide('Deployment')).toEqual(['Containers', 'Images', 'Selector']);
    expect(wide('ReplicaSet')).toEqual(['Containers', 'Images', 'Selector']);
    expect(wide('Service')).toEqual(['Selector']);
    expect(wide('Node')).toEqual(['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
    expect(wide('Event')).toEqual(['Subobject', 'Source', 'First Seen', 'Count', 'Name']);
    expect(wide('Ingress')).toEqual([]);
  });

  it('uses the real column names and types', () => {
    const cols = tableFor('Pod', [], NOW).columnDefinitions.map((c) => `${c.name}:${c.type}`);
    expect(cols.slice(0, 5)).toEqual(['Name:string', 'Ready:string', 'Status:string', 'Restarts:string', 'Age:string']);
    expect(tableFor('Deployment', [], NOW).columnDefinitions.map((c) => c.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
  });

  it('attaches PartialObjectMetadata by default, the object or nothing on request', () => {
    expect(tableFor('ConfigMap', [obj], NOW).rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata });
    expect(tableFor('ConfigMap', [obj], NOW, 'Object').rows[0].object).toBe(obj);
    expect('object' in tableFor('ConfigMap', [obj], NOW, 'None').rows[0]).toBe(false);
  });

  it('falls back to Name and Created At for a kind without a printer', () => {
    const t = tableFor('Widget', [obj], NOW);
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(t.rows[0].cells).toEqual(['cfg', '2024-05-01T11:00:00Z']);
  });
});
