#include "domain/json/innovation_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

#define KJ_TRY(var, expr)                              \
  auto var##_result = (expr);                          \
  if (!var##_result.ok()) return var##_result.error(); \
  auto var = std::move(var##_result).value()

namespace kinerja::domain::json {
namespace {

constexpr int64_t kIntLimit = 1000000000;

Result<int> SmallInt(const Fields& f, const char* name) {
  KJ_TRY(v, f.Int(name));
  if (v < -kIntLimit || v > kIntLimit) return WrongType(f.PointerTo(name), "a small integer");
  return static_cast<int>(v);
}

}  // namespace

bool IsInnovationEventType(std::string_view type) {
  return type == InnovationRecorded::kType || type == InnovationAcknowledged::kType;
}

EncodedEvent EncodeInnovationEvent(const InnovationEvent& event) {
  return std::visit(
      Overloaded{
          [](const InnovationRecorded& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "nip", e.nip);
                                  Put(w, "year", e.year);
                                  Put(w, "title", e.title);
                                  Put(w, "description", e.description);
                                })};
          },
          [](const InnovationAcknowledged& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "nip", e.nip);
                                  Put(w, "acknowledgedBy", e.acknowledged_by);
                                  Put(w, "acknowledgedAt", e.acknowledged_at);
                                })};
          },
      },
      event);
}

Result<InnovationEvent> DecodeInnovationEvent(std::string_view type, int version,
                                              std::string_view data) {
  if (!IsInnovationEventType(type)) return UnknownEventType(type);
  if (version != 1) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  Fields f(doc, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(id, f.String("id"));
  KJ_TRY(nip, f.String("nip"));
  if (type == InnovationRecorded::kType) {
    KJ_TRY(year, SmallInt(f, "year"));
    KJ_TRY(title, f.String("title"));
    KJ_TRY(description, f.String("description"));
    return InnovationEvent{InnovationRecorded{id, nip, year, title, description}};
  }
  KJ_TRY(by, f.String("acknowledgedBy"));
  KJ_TRY(at, f.Time("acknowledgedAt"));
  return InnovationEvent{InnovationAcknowledged{id, nip, by, at}};
}

Result<RecordInnovation> DecodeRecordInnovation(const std::string& id, const std::string& nip,
                                                const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(year, SmallInt(f, "year"));
  KJ_TRY(title, f.String("title"));
  KJ_TRY(description, f.String("description"));
  return RecordInnovation{id, nip, year, title, description};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
