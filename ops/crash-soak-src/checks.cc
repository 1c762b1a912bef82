#include "ops/crash-soak-src/checks.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "api/app/routes.h"
#include "domain/date.h"
#include "eventstore/rocks_event_store.h"
#include "ops/crash-soak-src/capped_store.h"
#include "projections/projector.h"
#include "projections/view_store.h"

namespace kinerja::crashsoak {
namespace {

constexpr size_t kMaxProblems = 12;
constexpr const char* kPolicyActor = "follow-up-policy";

void Problem(CheckReport* r, const std::string& text) {
  if (r->problems.size() < kMaxProblems) r->problems.push_back(text);
}

std::string Canonical(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

std::string CanonicalText(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError()) return "<unparseable>" + json;
  return Canonical(d);
}

// One event of an acknowledged answer, as the client was told.
struct Told {
  const Entry* entry = nullptr;
  std::string stream, id, type, recorded_at, actor, correlation, data;
  uint64_t stream_version = 0, schema_version = 0;
};

std::string Str(const rapidjson::Value& o, const char* name) {
  auto m = o.FindMember(name);
  return m != o.MemberEnd() && m->value.IsString() ? m->value.GetString() : std::string();
}
uint64_t Num(const rapidjson::Value& o, const char* name) {
  auto m = o.FindMember(name);
  return m != o.MemberEnd() && m->value.IsUint64() ? m->value.GetUint64() : 0;
}

// Positions -> events told by acknowledged answers. A malformed answer is a problem.
std::unordered_map<uint64_t, Told> ToldEvents(const std::deque<Entry>& entries, CheckReport* r) {
  std::unordered_map<uint64_t, Told> told;
  for (const Entry& e : entries) {
    if (!e.acknowledged()) continue;
    ++r->acked_commands;
    rapidjson::Document doc;
    doc.Parse(e.answer->body.c_str(), e.answer->body.size());
    const rapidjson::Value* events = nullptr;
    if (doc.IsObject()) {
      auto m = doc.FindMember("events");
      if (m != doc.MemberEnd() && m->value.IsArray()) events = &m->value;
    }
    if (events == nullptr) {
      Problem(r, "answer of " + e.key + " is not a command answer: " + e.answer->body.substr(0, 200));
      continue;
    }
    for (const auto& ev : events->GetArray()) {
      if (!ev.IsObject()) continue;
      Told t;
      t.entry = &e;
      t.stream = Str(ev, "stream");
      t.id = Str(ev, "id");
      t.type = Str(ev, "type");
      t.recorded_at = Str(ev, "recordedAt");
      t.actor = Str(ev, "actor");
      t.correlation = Str(ev, "correlationId");
      t.stream_version = Num(ev, "streamVersion");
      t.schema_version = Num(ev, "schemaVersion");
      auto data = ev.FindMember("data");
      t.data = data != ev.MemberEnd() ? Canonical(data->value) : "";
      const uint64_t position = Num(ev, "position");
      ++r->acked_events;
      if (!told.emplace(position, std::move(t)).second) {
        Problem(r, "two acknowledged answers name position " + std::to_string(position));
        ++r->lost;
      }
    }
  }
  return told;
}

std::string Differs(const Told& t, const eventstore::RecordedEvent& e) {
  std::string d;
  auto check = [&](const char* field, const std::string& told, const std::string& stored) {
    if (told != stored) d += std::string(" ") + field + " told=" + told + " log=" + stored;
  };
  check("stream", t.stream, e.stream);
  check("id", t.id, e.id);
  check("type", t.type, e.type);
  check("streamVersion", std::to_string(t.stream_version), std::to_string(e.stream_version));
  check("schemaVersion", std::to_string(t.schema_version), std::to_string(e.schema_version));
  check("recordedAt", t.recorded_at, domain::Timestamp{e.recorded_at}.ToRfc3339());
  check("actor", t.actor, e.actor);
  check("correlationId", t.correlation, e.correlation_id);
  if (t.data != CanonicalText(e.data.empty() ? "{}" : e.data)) d += " data differs";
  return d;
}

void CheckLog(eventstore::EventStore* store, const std::deque<Entry>& entries, CheckReport* r) {
  auto verify = store->Verify(1, 0);
  if (!verify.ok()) {
    Problem(r, "chain verification could not read the log: " + verify.status().ToString());
  } else {
    r->chain_ok = verify->ok;
    r->chain_checked = verify->checked;
    if (!verify->ok) {
      Problem(r, "hash chain broken at " + std::to_string(verify->first_broken_position) + ": " +
                     verify->detail);
    }
  }
  std::unordered_map<std::string, const Entry*> by_key;
  for (const Entry& e : entries) by_key.emplace(e.key, &e);
  std::unordered_map<uint64_t, Told> told = ToldEvents(entries, r);
  std::unordered_set<const Entry*> lost, doubtful;
  uint64_t expected = 1;
  eventstore::AllRead all;
  eventstore::Status s = store->ForEach(all, [&](const eventstore::RecordedEvent& e) {
    if (e.position != expected) {
      ++r->gaps;
      Problem(r, "gap: position " + std::to_string(e.position) + " follows " +
                     std::to_string(expected - 1));
    }
    expected = e.position + 1;
    r->head = e.position;
    auto source = by_key.find(e.correlation_id);
    if (e.actor == kPolicyActor) {
      ++r->policy_events;
      if (source == by_key.end()) {
        ++r->phantom;
        Problem(r, "policy event at " + std::to_string(e.position) + " traces to no command");
      }
      return true;
    }
    auto t = told.find(e.position);
    if (t != told.end()) {
      const std::string d = Differs(t->second, e);
      if (!d.empty() && lost.insert(t->second.entry).second) {
        Problem(r, "acknowledged " + t->second.entry->key + " differs at position " +
                       std::to_string(e.position) + ":" + d);
      }
      told.erase(t);
      return true;
    }
    if (source == by_key.end()) {
      ++r->phantom;
      Problem(r, "event at " + std::to_string(e.position) + " (" + e.type + ", correlation " +
                     e.correlation_id + ") comes from no command we sent");
    } else if (!source->second->answer) {
      doubtful.insert(source->second);  // in flight when killed: may or may not be committed
    } else {
      ++r->duplicates;
      Problem(r, "event at " + std::to_string(e.position) + " (" + e.type + ") of " +
                     source->second->key + " is not in its answer (answered " +
                     std::to_string(source->second->answer->status) + ")");
    }
    return true;
  });
  if (!s.ok()) Problem(r, "reading the log failed: " + s.ToString());
  for (const auto& [position, t] : told) {
    if (lost.insert(t.entry).second) {
      Problem(r, "acknowledged " + t.entry->key + " (" + t.entry->command.label +
                     ") is missing: position " + std::to_string(position) + " > head " +
                     std::to_string(r->head) + " or absent");
    }
  }
  r->lost += lost.size();
  r->in_doubt_committed = doubtful.size();
}

void CheckViews(eventstore::EventStore* store, const std::string& views_dir, bool at_head,
                const std::string& scratch, CheckReport* r) {
  projections::ViewStoreOptions stored_options;
  stored_options.path = views_dir;
  stored_options.create_if_missing = false;
  auto stored = projections::ViewStore::Open(stored_options);
  if (!stored.ok()) {
    Problem(r, "cannot open the stored read models: " + stored.status().ToString());
    ++r->view_mismatches;
    return;
  }
  auto names = app::AllProjections();
  std::set<uint64_t> checkpoints;
  for (const auto& p : names) {
    auto meta = stored.value()->Meta(p->name());
    if (!meta.ok()) {
      Problem(r, "cannot read the checkpoint of " + p->name() + ": " + meta.status().ToString());
      ++r->view_mismatches;
      return;
    }
    checkpoints.insert(meta->checkpoint);
  }
  if (checkpoints.size() != 1) {
    Problem(r, "the read models' checkpoints differ");
    ++r->view_mismatches;
    return;
  }
  const uint64_t position = *checkpoints.begin();
  r->view_position = position;
  if (position > r->head || (at_head && position != r->head)) {
    Problem(r, "read models at position " + std::to_string(position) + ", log head " +
                   std::to_string(r->head));
    ++r->view_mismatches;
    return;
  }
  CappedEventStore capped(store, position);
  projections::ViewStoreOptions fresh_options;
  fresh_options.path = scratch + "/rebuilt-views";
  auto fresh = projections::ViewStore::Open(fresh_options);
  if (!fresh.ok()) {
    Problem(r, "cannot create the scratch view store: " + fresh.status().ToString());
    ++r->view_mismatches;
    return;
  }
  auto projector = projections::Projector::Open(&capped, std::move(fresh).value(),
                                                app::AllProjections());
  if (!projector.ok()) {
    Problem(r, "cannot open the rebuild projector: " + projector.status().ToString());
    ++r->view_mismatches;
    return;
  }
  eventstore::Status rebuilt = projector.value()->RebuildAll();
  if (!rebuilt.ok()) {
    Problem(r, "rebuild failed: " + rebuilt.ToString());
    ++r->view_mismatches;
    return;
  }
  projections::ViewStore* again = projector.value()->views();
  for (const auto& p : names) {
    auto a = stored.value()->Dump(p->name());
    auto b = again->Dump(p->name());
    auto da = stored.value()->DeadLetters(p->name());
    auto db = again->DeadLetters(p->name());
    auto ma = stored.value()->Meta(p->name());
    auto mb = again->Meta(p->name());
    if (!a.ok() || !b.ok() || !da.ok() || !db.ok() || !ma.ok() || !mb.ok()) {
      Problem(r, "cannot read " + p->name() + " for the comparison");
      ++r->view_mismatches;
      continue;
    }
    r->view_documents += a->size();
    r->dead_letters += da->size();
    if (ma->checkpoint != mb->checkpoint || ma->version != mb->version) {
      ++r->view_mismatches;
      Problem(r, p->name() + ": checkpoint/version " + std::to_string(ma->checkpoint) + " vs rebuilt " +
                     std::to_string(mb->checkpoint));
    }
    if (da.value() != db.value()) {
      ++r->view_mismatches;
      Problem(r, p->name() + ": dead letters differ from the rebuild");
    }
    size_t i = 0, j = 0;
    while (i < a->size() || j < b->size()) {
      const bool take_a = j >= b->size() || (i < a->size() && (*a)[i].key < (*b)[j].key);
      const bool take_b = i >= a->size() || (j < b->size() && (*b)[j].key < (*a)[i].key);
      if (take_a) {
        ++r->view_mismatches;
        Problem(r, p->name() + "/" + (*a)[i].key + ": stored but not in the rebuild");
        ++i;
      } else if (take_b) {
        ++r->view_mismatches;
        Problem(r, p->name() + "/" + (*b)[j].key + ": in the rebuild but not stored");
        ++j;
      } else {
        if ((*a)[i].value != (*b)[j].value) {
          ++r->view_mismatches;
          Problem(r, p->name() + "/" + (*a)[i].key + " differs:\n    stored:  " +
                         (*a)[i].value.substr(0, 300) + "\n    rebuilt: " +
                         (*b)[j].value.substr(0, 300));
        }
        ++i;
        ++j;
      }
    }
  }
}

}  // namespace

CheckReport CheckDataDir(const std::string& data_copy, const std::deque<Entry>& entries,
                         bool at_head, const std::string& scratch) {
  CheckReport r;
  eventstore::RocksOptions options;
  options.path = data_copy + "/events";
  options.create_if_missing = false;
  options.block_cache_bytes = 8u << 20;
  options.write_buffer_manager_bytes = 16u << 20;
  options.write_buffer_bytes = 4u << 20;
  auto store = eventstore::RocksEventStore::Open(options);
  if (!store.ok()) {
    Problem(&r, "cannot open the event log: " + store.status().ToString());
    return r;
  }
  CheckLog(store.value().get(), entries, &r);
  CheckViews(store.value().get(), data_copy + "/views", at_head, scratch, &r);
  return r;
}

}  // namespace kinerja::crashsoak
