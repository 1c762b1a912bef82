// Test-only projections and helpers for the projections suites.
//
// StreamStats (a real fold, test-only): per stream "stream/<name>" keeps
//   {"count": N, "lastType": ..., "lastPosition": P, "lastData": <the event's data>}
// and "total" keeps {"count": N}. It increments "total" BEFORE decoding the event's data, so a
// poison event (data that is not a JSON object) proves its partial writes are rolled back. An
// event of type "Explode" throws. Version 2 also keeps "type/<type>" counts (a changed fold).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventstore/event_store.h"
#include "projections/projection.h"

namespace kinerja::projections::testing {

inline int64_t CountIn(const std::optional<std::string>& doc) {
  if (!doc) return 0;
  rapidjson::Document d;
  d.Parse(doc->data(), doc->size());
  if (d.HasParseError() || !d.IsObject()) return -1;
  auto it = d.FindMember("count");
  return it != d.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : -1;
}

inline std::string CountDoc(int64_t n) { return "{\"count\":" + std::to_string(n) + "}"; }

class StreamStats : public Projection {
 public:
  explicit StreamStats(uint32_t version = 1, std::string name = "stream-stats")
      : version_(version), name_(std::move(name)) {}
  std::string name() const override { return name_; }
  uint32_t version() const override { return version_; }

  FoldStatus Apply(const eventstore::RecordedEvent& e, DocumentView& view) const override {
    view.Put("total", CountDoc(CountIn(view.Get("total")) + 1));
    if (e.type == "Explode") throw std::runtime_error("fold exploded");
    rapidjson::Document data;
    data.Parse(e.data.data(), e.data.size());
    if (data.HasParseError() || !data.IsObject()) {
      return FoldStatus::Poison("event data is not a JSON object");
    }
    const std::string key = "stream/" + e.stream;
    int64_t count = CountIn(view.Get(key)) + 1;
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("count");
    w.Int64(count);
    w.Key("lastType");
    w.String(e.type.c_str());
    w.Key("lastPosition");
    w.Uint64(e.position);
    w.Key("lastData");
    data.Accept(w);
    w.EndObject();
    view.Put(key, std::string(buf.GetString(), buf.GetSize()));
    if (version_ >= 2) {
      const std::string tkey = "type/" + e.type;
      view.Put(tkey, CountDoc(CountIn(view.Get(tkey)) + 1));
    }
    return FoldStatus::Ok();
  }

 private:
  uint32_t version_;
  std::string name_;
};

// A temporary directory removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kinerja-proj-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline eventstore::NewEvent Ev(std::string type, std::string data) {
  eventstore::NewEvent e;
  e.type = std::move(type);
  e.data = std::move(data);
  return e;
}

}  // namespace kinerja::projections::testing
