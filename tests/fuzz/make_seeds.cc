// fuzz_make_seeds <corpus dir>: the generated part of the seed corpora. Runs every command seed
// (<corpus>/fuzz_command_json/*) through the domain exactly as fuzz_command_json does, appends the
// decided events to an in-memory event store (real positions, hash chain, metadata as the API
// writes it), and writes what RocksDB and Kafka would hold:
//   <corpus>/fuzz_event_record/gen-<seed>   the stored records of that seed,
//   "\n--record--\n"-joined <corpus>/fuzz_kafka_event/gen-<type>    one relay JSON value per event
//   type
// Deterministic (fixed clock and ids); rerun and commit when an event schema changes.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>

#include "eventstore/kafka_event_codec.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/record_codec.h"
#include "tests/fuzz/command_world.h"

namespace fs = std::filesystem;
namespace es = kinerja::eventstore;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds <tests/fuzz/corpus>\n";
    return 2;
  }
  const fs::path corpus = argv[1];
  fs::create_directories(corpus / "fuzz_event_record");
  fs::create_directories(corpus / "fuzz_kafka_event");
  std::map<std::string, std::string> kafka_by_type;
  int event_count = 0;
  int seed_count = 0;
  for (const auto& entry : fs::directory_iterator(corpus / "fuzz_command_json")) {
    if (!entry.is_regular_file()) continue;
    int64_t tick = 0;
    es::MemoryEventStore store([&tick] { return 1781510400000000 + ++tick; });
    int uuid = 0;
    kinerja::fuzz::EventSink sink = [&](const std::string& stream,
                                        const kinerja::domain::CommandContext& ctx,
                                        const kinerja::domain::json::EncodedEvent& e) {
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++uuid);
      es::NewEvent ne{id, e.type, static_cast<uint32_t>(e.version), e.data,
                      "{\"partitionKey\":\"" + kinerja::fuzz::kP + "\"}"};
      es::AppendContext ac{ctx.actor, "seed-" + std::to_string(uuid), "", "", ""};
      auto appended = store.Append(stream, es::ExpectedVersion::Any(), {ne}, ac);
      if (!appended.ok()) std::cerr << "append failed for " << e.type << "\n";
    };
    kinerja::fuzz::Sink() = &sink;
    kinerja::fuzz::RunCommandLines(ReadFile(entry.path()));
    kinerja::fuzz::Sink() = nullptr;
    auto all = store.ReadAll(es::AllRead{});
    if (!all.ok() || all.value().empty()) continue;
    std::string joined;
    for (const auto& e : all.value()) {
      std::string record;
      es::EncodeRecord(e, &record);
      if (!joined.empty()) joined += "\n--record--\n";
      joined += record;
      kafka_by_type.emplace(e.type, es::EncodeKafkaValue(e));
      ++event_count;
    }
    WriteFile(corpus / "fuzz_event_record" / ("gen-" + entry.path().filename().string()), joined);
    ++seed_count;
  }
  for (const auto& [type, value] : kafka_by_type) {
    WriteFile(corpus / "fuzz_kafka_event" / ("gen-" + type), value);
  }
  std::cout << seed_count << " record seeds (" << event_count << " events), "
            << kafka_by_type.size() << " Kafka seeds\n";
  return 0;
}
