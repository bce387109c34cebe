#!/usr/bin/env bash
# System packages the tests and the local cluster use: nats-server (JetStream), prometheus (promtool),
# chromium (report rendering test), kubectl (kustomize test; Debian's kubernetes-client is kubectl 1.20,
# whose built-in kustomize v2 the manifests in deploy/k8s stay compatible with). Debian packages; idempotent.
set -euo pipefail
need=()
command -v nats-server >/dev/null || need+=(nats-server)
command -v promtool >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
command -v kubectl >/dev/null || need+=(kubernetes-client)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nats-server --version
promtool --version 2>&1 | sed -n 1p
kubectl version --client 2>/dev/null | sed -n 1p
