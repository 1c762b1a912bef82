#include "domain/json/discipline_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

#define KJ_TRY(var, expr)                              \
  auto var##_result = (expr);                          \
  if (!var##_result.ok()) return var##_result.error(); \
  auto var = std::move(var##_result).value()

namespace kinerja::domain::json {
namespace {

Result<DisciplineLevel> LevelField(const Fields& f) {
  KJ_TRY(text, f.String("level"));
  return ParseDisciplineLevel(text);
}

Result<int> NumberField(const Fields& f) {
  KJ_TRY(v, f.Int("number"));
  if (v < 1 || v > 1000000000) return WrongType(f.PointerTo("number"), "a positive integer");
  return static_cast<int>(v);
}

}  // namespace

bool IsDisciplineEventType(std::string_view type) {
  return type == DisciplinaryActionRecorded::kType;
}

EncodedEvent EncodeDisciplineEvent(const DisciplineEvent& event) {
  const auto& e = std::get<DisciplinaryActionRecorded>(event);
  return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                        Put(w, "nip", e.nip);
                        Put(w, "number", e.number);
                        Put(w, "level", ToString(e.level));
                        Put(w, "type", e.type);
                        Put(w, "decidedOn", e.decided_on);
                        Put(w, "reason", e.reason);
                      })};
}

Result<DisciplineEvent> DecodeDisciplineEvent(std::string_view type, int version,
                                              std::string_view data) {
  if (!IsDisciplineEventType(type)) return UnknownEventType(type);
  if (version != 1) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  Fields f(doc, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(number, NumberField(f));
  KJ_TRY(level, LevelField(f));
  KJ_TRY(kind, f.String("type"));
  KJ_TRY(on, f.DateField("decidedOn"));
  KJ_TRY(reason, f.String("reason"));
  return DisciplineEvent{DisciplinaryActionRecorded{nip, number, level, kind, on, reason}};
}

Result<RecordDisciplinaryAction> DecodeRecordDisciplinaryAction(const std::string& nip,
                                                                const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(level, LevelField(f));
  KJ_TRY(kind, f.String("type"));
  KJ_TRY(on, f.DateField("decidedOn"));
  KJ_TRY(reason, f.String("reason"));
  return RecordDisciplinaryAction{nip, level, kind, on, reason};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
