// `kinerja export`: the log (or a range) as NDJSON (api/cli/export_format.h) with each event's
// envelope and hashes, and a trailer holding a checkpoint of the tree at the last exported
// position, freshly signed with the data directory's checkpoint key (and the latest checkpoint
// kinerjad published). Reads a stopped server's data directory or a backup.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "api/cli/cli_support.h"
#include "api/cli/export_format.h"
#include "api/cli/progress.h"
#include "api/cli/subcommands.h"
#include "domain/date.h"
#include "eventstore/checkpoint_signer.h"
#include "eventstore/merkle_checkpoints.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/merkle_index.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "export";

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja export --data-dir DIR [--from N] [--to M] [--out FILE|-]",
      std::string("Writes the event log (positions N..M) as NDJSON: a header line, one line per\n"
                  "event with its whole envelope (as /v1/audit/events answers it) incl. prevHash\n"
                  "and hash, and a trailer with a checkpoint of the Merkle tree at M signed with\n"
                  "the data directory's Ed25519 key (plus the latest checkpoint kinerjad\n"
                  "published). Check it with kinerja verify --export FILE --public-key PEM.\n") +
          kOfflineNote + "\nThe Merkle index (<dir>/merkle) is brought up to date first.");
  flags.Add({"data-dir", "DIR", "kinerjad data directory (or a restored backup)", "",
             "KINERJA_DATA_DIR"})
      .Add({"from", "N", "first position", "1", ""})
      .Add({"to", "M", "last position; 0: the head", "0", ""})
      .Add({"out", "FILE", "output file; - for stdout", "-", ""})
      .Add({"origin", "NAME", "checkpoint origin when no checkpoint was published yet",
            kDefaultOrigin, ""});
  return flags;
}

struct Checkpoints {
  std::optional<eventstore::SignedCheckpoint> fresh;
  std::optional<eventstore::SignedCheckpoint> published;
  std::optional<std::string> public_key_pem;
};

// Brings the Merkle index up to date and signs its tree at `to`. Warnings go to stderr; a data
// directory without a signing key exports without checkpoints.
Checkpoints MakeCheckpoints(eventstore::RocksEventStore* store, const DataDir& dir, uint64_t to,
                            const std::string& origin_flag) {
  Checkpoints out;
  std::error_code ec;
  if (!std::filesystem::exists(dir.key_file(), ec)) {
    std::cerr << "kinerja export: warning: no checkpoint key in " << dir.audit()
              << " (kinerjad never ran on this directory): the export carries no signed "
                 "checkpoint\n";
    return out;
  }
  std::string origin = origin_flag;
  {
    std::ifstream note(dir.checkpoint_note());
    std::string first;
    if (note && std::getline(note, first) && !first.empty()) origin = first;
  }
  auto signer = eventstore::CheckpointSigner::LoadOrCreate(dir.audit(), origin);
  if (!signer.ok()) {
    std::cerr << "kinerja export: warning: cannot load the checkpoint key: "
              << signer.status().ToString() << "\n";
    return out;
  }
  out.public_key_pem = signer.value()->public_key_pem();
  eventstore::MerkleIndexOptions index_options;
  index_options.path = dir.merkle();
  auto index = eventstore::MerkleIndex::Open(store, index_options);
  if (!index.ok()) {
    std::cerr << "kinerja export: warning: cannot open the Merkle index: "
              << index.status().ToString() << "\n";
    return out;
  }
  if (auto s = index.value()->CatchUp(); !s.ok()) {
    std::cerr << "kinerja export: warning: the Merkle index stopped: " << s.ToString()
              << " (run kinerja verify)\n";
  }
  eventstore::CheckpointPublisherOptions publisher_options;
  publisher_options.path = dir.checkpoint_note();
  auto publisher = eventstore::CheckpointPublisher::Open(index.value().get(), signer.value().get(),
                                                         publisher_options);
  if (!publisher.ok()) {
    std::cerr << "kinerja export: warning: the published checkpoint does not load: "
              << publisher.status().ToString() << "\n";
    return out;
  }
  out.published = publisher.value()->Latest();
  if (index.value()->size() >= to) {
    auto signed_at = publisher.value()->SignAt(to);
    if (signed_at.ok()) {
      out.fresh = signed_at.value();
    } else {
      std::cerr << "kinerja export: warning: cannot sign a checkpoint: "
                << signed_at.status().ToString() << "\n";
    }
  } else {
    std::cerr << "kinerja export: warning: the Merkle index covers " << index.value()->size()
              << " events, not " << to << ": no fresh checkpoint\n";
  }
  return out;
}

}  // namespace

int RunExport(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const DataDir dir{flags.Get("data-dir")};
  if (dir.root.empty()) return Usage(kCmd, "--data-dir is required");
  int64_t from = 0, to = 0;
  if (!ParseInt64(flags.Get("from"), 1, INT64_MAX, &from)) return Usage(kCmd, "--from must be >= 1");
  if (!ParseInt64(flags.Get("to"), 0, INT64_MAX, &to)) return Usage(kCmd, "--to must be >= 0");

  std::string error;
  auto store = OpenEventLog(dir, false, true, &error);
  if (!store) return Fail(kCmd, error);
  const uint64_t head = store->head_position();
  if (to == 0) to = static_cast<int64_t>(head);
  if (static_cast<uint64_t>(to) > head) {
    return Fail(kCmd, "--to " + std::to_string(to) + " is beyond the head (" +
                          std::to_string(head) + ")");
  }
  if (head > 0 && from > to) return Usage(kCmd, "--from must not exceed --to");
  const uint64_t count = head == 0 ? 0 : static_cast<uint64_t>(to - from + 1);

  Checkpoints checkpoints = MakeCheckpoints(store.get(), dir, static_cast<uint64_t>(to),
                                            flags.Get("origin"));

  std::ofstream file;
  const std::string out_path = flags.Get("out");
  if (out_path != "-") {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(kCmd, "cannot write " + out_path);
  }
  std::ostream& out = out_path == "-" ? std::cout : file;
  ExportHeader header;
  header.from = static_cast<uint64_t>(from);
  header.to = static_cast<uint64_t>(to);
  header.events = count;
  header.exported_at = domain::Timestamp{eventstore::SystemClockMicros()}.ToRfc3339();
  out << ExportHeaderLine(header) << '\n';

  Progress progress(kCmd, "events", count);
  ExportTrailer trailer;
  eventstore::AllRead read;
  read.from_position = static_cast<uint64_t>(from);
  read.as_of.position = static_cast<uint64_t>(to);
  uint64_t written = 0;
  auto status = store->ForEach(read, [&](const eventstore::RecordedEvent& e) {
    out << ExportEventLine(e) << '\n';
    trailer.last_position = e.position;
    trailer.last_hash = e.hash;
    progress.Update(++written);
    return static_cast<bool>(out);
  });
  progress.Finish();
  if (!status.ok()) return Fail(kCmd, "reading the log failed: " + status.ToString());
  if (!out) return Fail(kCmd, "writing " + out_path + " failed");
  trailer.events = written;
  trailer.public_key_pem = checkpoints.public_key_pem;
  out << ExportTrailerLine(trailer, checkpoints.fresh, checkpoints.published) << '\n';
  out.flush();
  if (!out) return Fail(kCmd, "writing " + out_path + " failed");
  std::cerr << "kinerja export: " << written << " events (" << from << ".." << to << ")"
            << (checkpoints.fresh ? ", signed checkpoint at " + std::to_string(to) : "") << "\n";
  return kExitOk;
}

}  // namespace kinerja::cli
