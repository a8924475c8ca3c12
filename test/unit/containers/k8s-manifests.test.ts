/**
 * docker/k8s/: every manifest validates against the Kubernetes schema (kubernetes-models, the
 * OpenAPI schemas of the Kubernetes API as validators), and the manifests agree with the image:
 * the ports the Deployment opens are the ones the Dockerfile EXPOSEs and the Service forwards,
 * the readiness probe is the image's HEALTHCHECK command, the ConfigMap holds the default
 * scenario verbatim. No cluster is reachable here, so this is what is checked.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';

const ROOT = resolve(import.meta.dirname, '../../..');
const K8S = resolve(ROOT, 'docker/k8s');
const read = (f: string) => readFileSync(resolve(K8S, f), 'utf8');

/** Kubernetes kinds keyed by apiVersion/kind, each validating against its schema. */
const KINDS: ReadonlyMap<string, (doc: unknown) => { validate(): void }> = new Map<string, (doc: unknown) => { validate(): void }>([
  ['apps/v1/Deployment', (d) => new Deployment(d as never)],
  ['v1/Service', (d) => new Service(d as never)],
  ['v1/ConfigMap', (d) => new ConfigMap(d as never)],
]);

const kustomization = parse(read('kustomization.yaml')) as { resources: string[] };
const docs = kustomization.resources.flatMap((f) => parseAllDocuments(read(f)).map((d) => d.toJS() as Record<string, any>));
const byKind = (kind: string) => docs.find((d) => d.kind === kind)!;

/** `53/udp`-style keys of the Dockerfile's EXPOSE lines. */
function dockerfileExposed(): string[] {
  const text = readFileSync(resolve(ROOT, 'docker/Dockerfile'), 'utf8');
  return text.split('\n').filter((l) => l.startsWith('EXPOSE ')).flatMap((l) => l.slice(7).trim().split(/\s+/));
}

describe('docker/k8s manifests', () => {
  it('lists a Deployment, a Service and a ConfigMap, none pinned to a namespace', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    for (const d of docs) expect(d.metadata.namespace).toBeUndefined();
  });

  it('validates each against the Kubernetes schema', () => {
    for (const d of docs) {
      const make = KINDS.get(`${d.apiVersion}/${d.kind}`);
      expect(make, `${d.apiVersion}/${d.kind}`).toBeDefined();
      expect(() => make!(d).validate()).not.toThrow();
    }
  });

  it('the validator refuses what the schema forbids (a port that is not a number, an unknown protocol)', () => {
    const dep = structuredClone(byKind('Deployment'));
    dep.spec.template.spec.containers[0].ports[0].containerPort = 'fifty-three';
    expect(() => new Deployment(dep).validate()).toThrow();
    const svc = structuredClone(byKind('Service'));
    svc.spec.ports[0].protocol = 'QUIC';
    expect(() => new Service(svc).validate()).toThrow();
  });

  it('opens the ports the image EXPOSEs, and the Service forwards each of them by name', () => {
    const container = byKind('Deployment').spec.template.spec.containers[0];
    const opened = container.ports.map((p: any) => `${p.containerPort}/${p.protocol.toLowerCase()}`).sort();
    expect(opened).toEqual(dockerfileExposed().sort());
    const svcPorts = byKind('Service').spec.ports;
    const names = container.ports.map((p: any) => p.name).sort();
    expect(svcPorts.map((p: any) => p.targetPort).sort()).toEqual(names);
    for (const p of svcPorts) {
      const target = container.ports.find((c: any) => c.name === p.targetPort);
      expect([p.port, p.protocol]).toEqual([target.containerPort, target.protocol]);
    }
  });

  it("is ready when the image's HEALTHCHECK command says so, and runs as the image's non-root user", () => {
    const text = readFileSync(resolve(ROOT, 'docker/Dockerfile'), 'utf8');
    const cmd = JSON.parse(/CMD (\[.*\])\s*$/m.exec(text.slice(text.indexOf('HEALTHCHECK')))![1]);
    const pod = byKind('Deployment').spec.template.spec;
    expect(pod.containers[0].readinessProbe.exec.command).toEqual(cmd);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    // The scenario mounted where CTLAB_SCENARIO points, from the ConfigMap.
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.name === 'scenario');
    expect(env.CTLAB_SCENARIO).toBe(`${mount.mountPath}/scenario.yaml`);
    expect(pod.volumes.find((v: any) => v.name === 'scenario').configMap.name).toBe(byKind('ConfigMap').metadata.name);
  });

  it('the ConfigMap holds scenarios/multi-upn-suffix.yaml verbatim', () => {
    expect(byKind('ConfigMap').data['scenario.yaml']).toBe(readFileSync(resolve(ROOT, 'scenarios/multi-upn-suffix.yaml'), 'utf8'));
  });
});
