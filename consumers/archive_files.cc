#include "consumers/archive_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "consumers/file_util.h"
#include "domain/date.h"
#include "eventstore/hash_chain.h"
#include "eventstore/kafka_event_codec.h"

namespace kinerja::consumers {

using eventstore::Result;
using eventstore::Status;

std::string ArchiveFiles::DayFileName(const eventstore::RecordedEvent& e) {
  return domain::Timestamp{e.recorded_at}.date().ToString() + ".ndjson";
}

std::vector<std::string> ArchiveFiles::DayFiles() const {
  // "YYYY-MM-DD.ndjson"
  auto is_day = [](const std::string& name) {
    if (name.size() != 17 || name.compare(10, 7, ".ndjson") != 0) return false;
    for (size_t i = 0; i < 10; ++i) {
      const bool dash = i == 4 || i == 7;
      if (dash ? name[i] != '-' : (name[i] < '0' || name[i] > '9')) return false;
    }
    return true;
  };
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && is_day(name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  for (std::string& name : out) name = dir_ + "/" + name;
  return out;
}

Status ArchiveFiles::Open() {
  if (Status s = MakeDirs(dir_); !s.ok()) return s;
  last_position_ = 0;
  last_hash_ = eventstore::GenesisHashHex();
  const std::vector<std::string> files = DayFiles();
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    auto text = ReadFileToString(*it);
    if (!text.ok()) return text.status();
    std::string& t = text.value();
    const size_t complete = t.rfind('\n');
    const size_t keep = complete == std::string::npos ? 0 : complete + 1;
    if (keep != t.size()) {
      // A torn append: cut it off (it was never acknowledged, so Kafka still has it).
      if (::truncate(it->c_str(), static_cast<off_t>(keep)) != 0) {
        return Status::IOError("truncate torn line of " + *it);
      }
      const int fd = ::open(it->c_str(), O_WRONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
      t.resize(keep);
    }
    if (t.empty()) continue;
    const size_t start = t.rfind('\n', t.size() - 2);
    const std::string line =
        t.substr(start == std::string::npos ? 0 : start + 1, t.size() - 1 -
                                                                (start == std::string::npos ? 0 : start + 1));
    auto e = eventstore::DecodeKafkaValue(line);
    if (!e.ok()) {
      return Status::Corruption("last line of " + *it + " is not an event: " +
                                e.status().message());
    }
    last_position_ = e.value().position;
    last_hash_ = e.value().hash;
    break;
  }
  return Status::Ok();
}

Status ArchiveFiles::Append(
    const std::vector<std::pair<eventstore::RecordedEvent, std::string>>& events) {
  std::map<std::string, std::string> by_file;
  for (const auto& [e, value] : events) {
    std::string& text = by_file[dir_ + "/" + DayFileName(e)];
    text += value;
    text += '\n';
  }
  for (const auto& [path, text] : by_file) {
    if (Status s = AppendFileDurable(path, text); !s.ok()) return s;
  }
  if (!events.empty()) {
    last_position_ = events.back().first.position;
    last_hash_ = events.back().first.hash;
  }
  return Status::Ok();
}

Status ArchiveFiles::Reject(const std::string& value, const std::string& why) {
  std::string line = "{\"reason\":\"";
  for (char c : why) {
    if (c == '"' || c == '\\') line += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) line += c;
  }
  line += "\",\"valueHex\":\"" + eventstore::ToHex(value) + "\"}\n";
  return AppendFileDurable(dir_ + "/rejected.ndjson", line);
}

}  // namespace kinerja::consumers
