#!/bin/sh
# Starts a Confab node in a pod: the Hazelcast TCP-IP member list from the headless Service
# confab-cluster (every cluster pod, ready or not), then `java -jar /app/confab.jar "$@"`.
#
# Why not CONFAB_CLUSTER_MEMBERS=confab-cluster:5701: Hazelcast 5.6 resolves a host name in the member
# list to ONE address (the first the resolver returns), so with a headless Service a pod joins whichever
# pod DNS happens to list first, or, when that is itself or a pod not yet listening, forms a cluster of
# its own (checked on loopback, docs/OPERATIONS.md). Every IP is listed here instead.
set -eu
svc="${CONFAB_CLUSTER_SERVICE:-confab-cluster}"
port="${CONFAB_CLUSTER_PORT:-5701}"
self="${CONFAB_CLUSTER_HOST:?CONFAB_CLUSTER_HOST must be the pod IP (fieldRef status.podIP)}"
jar="${CONFAB_JAR:-/app/confab.jar}"

# Pods started together appear in the Service's DNS within a few seconds: wait a little so that they
# see each other and elect one master instead of each forming its own cluster.
sleep "${CONFAB_CLUSTER_SETTLE_SECONDS:-5}"

members="$self:$port"
for ip in $(getent ahostsv4 "$svc" 2>/dev/null | awk '{ print $1 }' | sort -u); do
  [ "$ip" = "$self" ] || members="$members,$ip:$port"
done
export CONFAB_CLUSTER_MEMBERS="$members"
printf '{"message":"node.cluster.members","service":"%s","members":"%s"}\n' "$svc" "$members"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of JVM options
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
