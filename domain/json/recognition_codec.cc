#include "domain/json/recognition_codec.h"

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

Result<std::optional<int>> OptSmallInt(const Fields& f, const char* name) {
  KJ_TRY(v, f.OptInt(name));
  if (!v) return std::optional<int>{};
  if (*v < -kIntLimit || *v > kIntLimit) return WrongType(f.PointerTo(name), "a small integer");
  return std::optional<int>(static_cast<int>(*v));
}

}  // namespace

bool IsRecognitionEventType(std::string_view type) { return type == RecognitionGranted::kType; }

EncodedEvent EncodeRecognitionEvent(const RecognitionEvent& event) {
  const auto& e = std::get<RecognitionGranted>(event);
  return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                        Put(w, "nip", e.nip);
                        Put(w, "number", e.number);
                        Put(w, "year", e.year);
                        Put(w, "title", e.title);
                        Put(w, "reason", e.reason);
                        Put(w, "followUpYear", e.follow_up_year);
                      })};
}

Result<RecognitionEvent> DecodeRecognitionEvent(std::string_view type, int version,
                                                std::string_view data) {
  if (!IsRecognitionEventType(type)) return UnknownEventType(type);
  if (version != 1) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  Fields f(doc, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(number, SmallInt(f, "number"));
  KJ_TRY(year, SmallInt(f, "year"));
  KJ_TRY(title, f.String("title"));
  KJ_TRY(reason, f.String("reason"));
  KJ_TRY(follow_up, OptSmallInt(f, "followUpYear"));
  return RecognitionEvent{RecognitionGranted{nip, number, year, title, reason, follow_up}};
}

Result<GrantRecognition> DecodeGrantRecognition(const std::string& nip,
                                                const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(year, SmallInt(f, "year"));
  KJ_TRY(title, f.String("title"));
  KJ_TRY(reason, f.String("reason"));
  KJ_TRY(follow_up, OptSmallInt(f, "followUpYear"));
  return GrantRecognition{nip, year, title, reason, follow_up};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
