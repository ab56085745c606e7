// kubectl-style JSONPath as instructors write it in field checks.
import { compileJsonPath, jsonPathValues, JsonPathError } from '../../grader/jsonpath';

const pod = {
  metadata: { name: 'echo', labels: { app: 'echo', 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 3,
    containers: [
      { name: 'nginx', image: 'gihyodocker/nginx:latest', ports: [{ containerPort: 80 }] },
      { name: 'echo', image: 'gihyodocker/echo:latest', ports: [{ containerPort: 8080 }] },
    ],
  },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] },
};

describe('kubectl JSONPath', () => {
  it('reads a field inside braces or without them', () => {
    expect(jsonPathValues(pod, '{.spec.containers[0].image}')).toEqual(['gihyodocker/nginx:latest']);
    expect(jsonPathValues(pod, '.spec.replicas')).toEqual([3]);
    expect(jsonPathValues(pod, 'spec.replicas')).toEqual([3]);
  });

  it('expands [*] and .* over lists and maps', () => {
    expect(jsonPathValues(pod, '{.spec.containers[*].name}')).toEqual(['nginx', 'echo']);
    expect(jsonPathValues(pod, '{.metadata.labels.*}')).toEqual(['echo', 'web']);
  });

  it('filters list items with [?(@.name=="echo")]', () => {
    expect(jsonPathValues(pod, '{.spec.containers[?(@.name=="echo")].image}')).toEqual(['gihyodocker/echo:latest']);
    expect(jsonPathValues(pod, "{.status.conditions[?(@.type=='Ready')].status}")).toEqual(['True']);
    expect(jsonPathValues(pod, '{.spec.containers[?(@.ports[0].containerPort > 100)].name}')).toEqual(['echo']);
  });

  it('reads label keys with escaped dots and quoted names', () => {
    expect(jsonPathValues(pod, '{.metadata.labels.app\\.kubernetes\\.io/name}')).toEqual(['web']);
    expect(jsonPathValues(pod, "{.metadata.labels['app.kubernetes.io/name']}")).toEqual(['web']);
  });

  it('supports negative indexes, slices and recursive descent', () => {
    expect(jsonPathValues(pod, '{.spec.containers[-1].name}')).toEqual(['echo']);
    expect(jsonPathValues(pod, '{.spec.containers[0:1].name}')).toEqual(['nginx']);
    expect(jsonPathValues(pod, '{..containerPort}')).toEqual([80, 8080]);
  });

  it('yields nothing for a missing field, as kubectl prints nothing', () => {
    expect(jsonPathValues(pod, '{.spec.nodeName}')).toEqual([]);
    expect(jsonPathValues(pod, '{.spec.containers[5].name}')).toEqual([]);
  });

  it('explains syntax errors with the position', () => {
    expect(() => compileJsonPath('{.spec.containers[0}')).toThrow(JsonPathError);
    expect(() => compileJsonPath('{.spec.containers[0}')).toThrow(/expected "\]" at position/);
    expect(() => compileJsonPath('{.a}{.b}')).toThrow(/exactly one expression/);
    expect(() => compileJsonPath('{range .items[*]}')).toThrow(/range\/end/);
  });
});
