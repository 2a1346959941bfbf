#!/usr/bin/env python3
"""Renders k8s/overlays/{dev,prod} with `kubectl kustomize` (offline) and checks what docs/OPERATIONS.md
promises: every node Deployment has resources, startup/readiness/liveness probes on /health/*, a preStop
hook and a grace period longer than it; every Deployment has a PodDisruptionBudget; the edge and chat have
autoscalers; Services, Ingress backends, ConfigMaps and HPA targets point at things that exist; images are
the four expected ones; dev runs one replica of everything. Exit status 1 on any failure."""
import subprocess, sys, pathlib, yaml

ROOT = pathlib.Path(__file__).resolve().parent
IMAGES = {"ghcr.io/example/confab", "ghcr.io/example/confab-mail-worker",
          "ghcr.io/example/confab-translation-worker", "ghcr.io/example/apertium-apy"}
NODE_GROUPS = {"edge": "bridge", "files": "files", "auth": "auth", "email": "email", "chat": "chat",
               "translation": "translation"}
failures = []

def check(ok, message):
    if not ok:
        failures.append(message)

def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())

for overlay in ("dev", "prod"):
    out = subprocess.run(["kubectl", "kustomize", str(ROOT / "overlays" / overlay)], check=True,
                         capture_output=True, text=True).stdout
    docs = [d for d in yaml.safe_load_all(out) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    name = lambda d: d["metadata"]["name"]
    deployments = {name(d): d for d in by_kind.get("Deployment", [])}
    configmaps = {name(d) for d in by_kind.get("ConfigMap", [])}
    p = f"[{overlay}]"
    check(set(deployments) == {f"confab-{g}" for g in NODE_GROUPS} | {"confab-mail-worker", "confab-translation-worker"},
          f"{p} deployments: {sorted(deployments)}")
    for dn, d in deployments.items():
        spec = d["spec"]["template"]["spec"]
        labels = d["spec"]["template"]["metadata"]["labels"]
        check(matches(d["spec"]["selector"]["matchLabels"], labels), f"{p} {dn}: selector does not match its pods")
        check(any(matches(b["spec"]["selector"]["matchLabels"], labels) for b in by_kind["PodDisruptionBudget"]),
              f"{p} {dn}: no PodDisruptionBudget")
        if overlay == "dev":
            check(d["spec"].get("replicas", 1) == 1, f"{p} {dn}: {d['spec'].get('replicas')} replicas")
        else:
            check(d["spec"].get("replicas", 1) >= 2, f"{p} {dn}: fewer than 2 replicas")
        for c in spec["containers"]:
            r = c.get("resources", {})
            check(r.get("requests", {}).get("cpu") and r.get("requests", {}).get("memory") and r.get("limits", {}).get("memory"),
                  f"{p} {dn}/{c['name']}: resources incomplete")
            check(c["image"].rsplit(":", 1)[0] in IMAGES and ":" in c["image"] and not c["image"].endswith(":TAG"),
                  f"{p} {dn}/{c['name']}: image {c['image']}")
            for ef in c.get("envFrom", []):
                check(ef["configMapRef"]["name"] in configmaps, f"{p} {dn}: missing ConfigMap {ef['configMapRef']['name']}")
        group = dn.removeprefix("confab-")
        if group in NODE_GROUPS:
            c = spec["containers"][0]
            check(c["args"] == ["--verticles", NODE_GROUPS[group]], f"{p} {dn}: args {c['args']}")
            check(labels.get("confab.io/cluster") == "true", f"{p} {dn}: not in the confab-cluster Service")
            check(c["readinessProbe"]["httpGet"]["path"] == "/health/ready", f"{p} {dn}: readiness probe")
            check(c["livenessProbe"]["httpGet"]["path"] == "/health/live", f"{p} {dn}: liveness probe")
            check(c["startupProbe"]["httpGet"]["path"] == "/health/live", f"{p} {dn}: startup probe")
            pre = c["lifecycle"]["preStop"]["exec"]["command"]
            check(pre[0] == "sleep" and spec["terminationGracePeriodSeconds"] >= int(pre[1]) + 2 + 20,
                  f"{p} {dn}: grace {spec['terminationGracePeriodSeconds']} too short for preStop {pre} + drain")
            env = {e["name"]: e for e in c["env"]}
            check(env["CONFAB_CLUSTER_HOST"]["valueFrom"]["fieldRef"]["fieldPath"] == "status.podIP",
                  f"{p} {dn}: cluster host is not the pod IP")
            check(("CONFAB_JWT_PRIVATE_KEY" in env) == (group == "auth"), f"{p} {dn}: private key only on auth")
            check(c["ports"][0]["containerPort"] == 8080 and c["ports"][1]["containerPort"] == 5701, f"{p} {dn}: ports")
    for s in by_kind["Service"]:
        check(any(matches(s["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"]) for d in deployments.values()),
              f"{p} service {name(s)} selects no pods")
    services = {name(s) for s in by_kind["Service"]}
    for ing in by_kind["Ingress"]:
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                check(path["backend"]["service"]["name"] in services, f"{p} ingress {name(ing)}: {path['path']}")
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind["HorizontalPodAutoscaler"]}
    check(hpas == {"confab-edge", "confab-chat"}, f"{p} autoscalers for {sorted(hpas)}")
    headless = [s for s in by_kind["Service"] if s["spec"].get("clusterIP") == "None"]
    check(len(headless) == 1 and headless[0]["spec"].get("publishNotReadyAddresses") is True,
          f"{p} the headless cluster Service must publish not-ready pods")
    print(f"{p} {len(docs)} objects rendered and checked")

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
