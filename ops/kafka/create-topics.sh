#!/usr/bin/env bash
# Creates the kinerja topics (the events, and <topic>.checkpoints for the signed Merkle
# checkpoints kinerjad publishes) on the production cluster (run once, from a host with the Kafka CLI
# and a client.properties holding the TLS client settings). Not exercised by the tests here.
#   ./create-topics.sh kafka-1.internal:9092 client.properties [partitions]
set -euo pipefail
bootstrap="$1"; client_config="$2"; partitions="${3:-12}"
kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$client_config" \
  --create --if-not-exists --topic kinerja.events \
  --partitions "$partitions" --replication-factor 3 \
  --config min.insync.replicas=2 \
  --config retention.ms=-1 \
  --config cleanup.policy=delete \
  --config compression.type=producer \
  --config max.message.bytes=1048588 \
  --config unclean.leader.election.enable=false
# One partition keeps the checkpoints in publication order.
kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$client_config" \
  --create --if-not-exists --topic kinerja.events.checkpoints \
  --partitions 1 --replication-factor 3 \
  --config min.insync.replicas=2 \
  --config retention.ms=-1 \
  --config unclean.leader.election.enable=false
kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$client_config" \
  --describe --topic kinerja.events
kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$client_config" \
  --describe --topic kinerja.events.checkpoints
