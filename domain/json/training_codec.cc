#include "domain/json/training_codec.h"

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

Result<TrainingKind> KindField(const Fields& f) {
  KJ_TRY(text, f.String("kind"));
  return ParseTrainingKind(text);
}

Result<TrainingAssigned> DecodeAssignedBody(const Fields& f) {
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(title, f.String("title"));
  KJ_TRY(kind, KindField(f));
  KJ_TRY(jp, SmallInt(f, "jp"));
  KJ_TRY(start, f.DateField("startDate"));
  KJ_TRY(end, f.DateField("endDate"));
  KJ_TRY(reason, f.OptString("reason"));
  KJ_TRY(follow_up, OptSmallInt(f, "followUpYear"));
  return TrainingAssigned{"", nip, title, kind, jp, start, end, reason, follow_up};
}

}  // namespace

bool IsTrainingEventType(std::string_view type) {
  return type == TrainingAssigned::kType || type == TrainingCompleted::kType ||
         type == TrainingCancelled::kType;
}

EncodedEvent EncodeTrainingEvent(const TrainingEvent& event) {
  return std::visit(
      Overloaded{
          [](const TrainingAssigned& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "nip", e.nip);
                                  Put(w, "title", e.title);
                                  Put(w, "kind", ToString(e.kind));
                                  Put(w, "jp", e.jp);
                                  Put(w, "startDate", e.start_date);
                                  Put(w, "endDate", e.end_date);
                                  Put(w, "reason", e.reason);
                                  Put(w, "followUpYear", e.follow_up_year);
                                })};
          },
          [](const TrainingCompleted& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "nip", e.nip);
                                  Put(w, "completedOn", e.completed_on);
                                  Put(w, "jp", e.jp);
                                  Put(w, "certificate", e.certificate);
                                })};
          },
          [](const TrainingCancelled& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "nip", e.nip);
                                  Put(w, "reason", e.reason);
                                })};
          },
      },
      event);
}

Result<TrainingEvent> DecodeTrainingEvent(std::string_view type, int version,
                                          std::string_view data) {
  if (!IsTrainingEventType(type)) return UnknownEventType(type);
  if (version != 1) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  Fields f(doc, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(id, f.String("id"));
  KJ_TRY(nip, f.String("nip"));
  if (type == TrainingAssigned::kType) {
    KJ_TRY(e, DecodeAssignedBody(f));
    e.id = id;
    return TrainingEvent{e};
  }
  if (type == TrainingCompleted::kType) {
    KJ_TRY(on, f.DateField("completedOn"));
    KJ_TRY(jp, SmallInt(f, "jp"));
    KJ_TRY(certificate, f.OptString("certificate"));
    return TrainingEvent{TrainingCompleted{id, nip, on, jp, certificate}};
  }
  KJ_TRY(reason, f.String("reason"));
  return TrainingEvent{TrainingCancelled{id, nip, reason}};
}

Result<AssignTraining> DecodeAssignTraining(const std::string& id, const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(e, DecodeAssignedBody(f));
  return AssignTraining{id,           e.nip,      e.title,  e.kind,          e.jp,
                        e.start_date, e.end_date, e.reason, e.follow_up_year};
}

Result<CompleteTraining> DecodeCompleteTraining(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(on, f.DateField("completedOn"));
  KJ_TRY(jp, SmallInt(f, "jp"));
  KJ_TRY(certificate, f.OptString("certificate"));
  return CompleteTraining{on, jp, certificate};
}

Result<CancelTraining> DecodeCancelTraining(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(reason, f.String("reason"));
  return CancelTraining{reason};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
