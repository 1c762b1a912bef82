// kinerja-store-demo <data-dir>: appends a few events to the durable event store, reads them
// back, verifies the hash chain and prints what it did. Safe to run repeatedly on one directory.
#include <cstdio>
#include <string>

#include "eventstore/rocks_event_store.h"

namespace es = kinerja::eventstore;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <data-dir>\n", argv[0]);
    return 2;
  }
  es::RocksOptions options;
  options.path = std::string(argv[1]) + "/events";
  auto opened = es::RocksEventStore::Open(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "cannot open the event store: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  auto& store = *opened;
  std::printf("event store at %s: %llu events\n", options.path.c_str(),
              static_cast<unsigned long long>(store->head_position()));

  const std::string stream = "demo-199001012015011001";
  auto version = store->StreamVersion(stream);
  if (!version.ok()) {
    std::fprintf(stderr, "%s\n", version.status().ToString().c_str());
    return 1;
  }
  es::AppendContext ctx;
  ctx.actor = "kinerja-store-demo";
  ctx.correlation_id = "demo";
  std::vector<es::NewEvent> events(2);
  events[0].type = "DemoProgressRecorded";
  events[0].data = "{\"realisasi\":" + std::to_string(*version + 1) + "}";
  events[1].type = "DemoFeedbackGiven";
  events[1].data = "{\"text\":\"Bagus, lanjutkan\"}";
  auto appended = store->Append(stream, es::ExpectedVersion::Exact(*version), events, ctx);
  if (!appended.ok()) {
    std::fprintf(stderr, "append failed: %s\n", appended.status().ToString().c_str());
    return 1;
  }
  std::printf("appended to %s at version %llu: positions %llu..%llu (fsync'd)\n", stream.c_str(),
              static_cast<unsigned long long>(*version),
              static_cast<unsigned long long>(appended->first_position),
              static_cast<unsigned long long>(appended->last_position));

  es::StreamRead read;
  read.direction = es::Direction::kBackward;
  read.from_version = es::kEndOfStream;
  read.limit = 4;
  auto back = store->ReadStream(stream, read);
  if (!back.ok()) {
    std::fprintf(stderr, "read failed: %s\n", back.status().ToString().c_str());
    return 1;
  }
  std::printf("latest events of %s:\n", stream.c_str());
  for (const auto& e : *back)
    std::printf("  #%llu v%llu %-22s %s hash %.16s...\n",
                static_cast<unsigned long long>(e.position),
                static_cast<unsigned long long>(e.stream_version), e.type.c_str(), e.data.c_str(),
                e.hash.c_str());

  auto report = store->Verify();
  if (!report.ok()) {
    std::fprintf(stderr, "verify failed: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf("chain %s: %llu events checked, head %llu %s\n", report->ok ? "verified" : "BROKEN",
              static_cast<unsigned long long>(report->checked),
              static_cast<unsigned long long>(report->last_position), report->head_hash.c_str());
  if (!report->ok)
    std::printf("first broken position %llu: %s\n",
                static_cast<unsigned long long>(report->first_broken_position),
                report->detail.c_str());
  return report->ok ? 0 : 1;
}
