// kinerja-kafka-local: starts librdkafka's mock Kafka cluster (in memory, 127.0.0.1), creates
// the kinerja topic, prints the bootstrap address on stdout (one line) and runs until SIGTERM or
// SIGINT. Flags: --brokers=N (1) --topic=NAME (kinerja.events) --partitions=P (6)
//   kinerja-kafka-local &  BOOTSTRAP=$(head -1 ...)   kcat -b "$BOOTSTRAP" -t kinerja.events -C
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "eventstore/kafka_mock_cluster.h"

namespace {
bool Flag(const char* arg, const char* name, std::string* out) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *out = arg + n + 1;
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  kinerja::eventstore::MockClusterOptions options;
  std::string topic = "kinerja.events";
  int partitions = 6;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (Flag(argv[i], "--brokers", &v)) {
      options.brokers = std::atoi(v.c_str());
    } else if (Flag(argv[i], "--topic", &v)) {
      topic = v;
    } else if (Flag(argv[i], "--partitions", &v)) {
      partitions = std::atoi(v.c_str());
    } else {
      std::fprintf(stderr, "usage: kinerja-kafka-local [--brokers=N] [--topic=NAME] "
                           "[--partitions=P]\n");
      return 2;
    }
  }
  options.topics.push_back({topic, partitions, options.brokers});
  // Block the signals before librdkafka starts its threads, then wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto cluster = kinerja::eventstore::MockCluster::Start(options);
  if (!cluster.ok()) {
    std::fprintf(stderr, "kinerja-kafka-local: %s\n", cluster.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", (*cluster)->bootstrap().c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "kinerja-kafka-local: mock Kafka cluster (%d broker(s), topic %s with %d "
               "partitions, in memory) at %s; SIGTERM or Ctrl-C stops it\n",
               options.brokers, topic.c_str(), partitions, (*cluster)->bootstrap().c_str());
  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "kinerja-kafka-local: stopping (signal %d)\n", sig);
  return 0;
}
