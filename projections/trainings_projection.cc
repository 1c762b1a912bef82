#include "projections/trainings_projection.h"

#include <variant>

#include "domain/json/training_codec.h"
#include "domain/overloaded.h"
#include "domain/training.h"
#include "projections/doc_json.h"

namespace kinerja::projections {

namespace dj = docjson;
using JsonDocument = rapidjson::Document;  // projections::Document is the view's

FoldStatus TrainingsProjection::Apply(const eventstore::RecordedEvent& e,
                                      DocumentView& view) const {
  if (!domain::json::IsTrainingEventType(e.type)) return FoldStatus::Ok();
  auto decoded =
      domain::json::DecodeTrainingEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    return FoldStatus::Poison(decoded.error().code + ": " + decoded.error().message_en);
  }
  const domain::TrainingEvent& event = decoded.value();
  const std::string nip = std::visit([](const auto& ev) { return ev.nip; }, event);
  const std::string id = std::visit([](const auto& ev) { return ev.id; }, event);
  const std::string key = Key(nip, id);
  JsonDocument d;
  bool existed = false;
  if (!dj::Load(view, key, &d, &existed)) {
    return FoldStatus::Poison("stored training document does not decode");
  }
  if (!existed && !std::holds_alternative<domain::TrainingAssigned>(event)) {
    return FoldStatus::Poison(e.type + " for a training never assigned: " + id);
  }
  auto& a = d.GetAllocator();
  std::visit(
      domain::Overloaded{
          [&](const domain::TrainingAssigned& t) {
            d.SetObject();
            dj::SetStr(d, "id", t.id, a);
            dj::SetStr(d, "nip", t.nip, a);
            dj::SetStr(d, "title", t.title, a);
            dj::SetStr(d, "kind", domain::ToString(t.kind), a);
            dj::SetInt(d, "jpPlanned", t.jp, a);
            dj::SetStr(d, "startDate", t.start_date.ToString(), a);
            dj::SetStr(d, "endDate", t.end_date.ToString(), a);
            if (t.reason) dj::SetStr(d, "reason", *t.reason, a);
            if (t.follow_up_year) dj::SetInt(d, "followUpYear", *t.follow_up_year, a);
            dj::SetStr(d, "status", domain::ToString(domain::TrainingStatus::kAssigned), a);
            dj::SetStr(d, "assignedAt", domain::Timestamp{e.recorded_at}.ToRfc3339(), a);
            dj::SetInt(d, "jpEarned", 0, a);
          },
          [&](const domain::TrainingCompleted& t) {
            dj::SetStr(d, "status", domain::ToString(domain::TrainingStatus::kCompleted), a);
            dj::SetStr(d, "completedOn", t.completed_on.ToString(), a);
            dj::SetInt(d, "jpEarned", t.jp, a);
            dj::SetInt(d, "jpYear", t.completed_on.year(), a);
            if (t.certificate) dj::SetStr(d, "certificate", *t.certificate, a);
          },
          [&](const domain::TrainingCancelled& t) {
            dj::SetStr(d, "status", domain::ToString(domain::TrainingStatus::kCancelled), a);
            dj::SetStr(d, "cancelReason", t.reason, a);
          },
      },
      event);
  dj::SetInt(d, "position", static_cast<int64_t>(e.position), a);
  dj::SetInt(d, "streamVersion", static_cast<int64_t>(e.stream_version), a);
  dj::Save(view, key, d);
  return FoldStatus::Ok();
}

}  // namespace kinerja::projections
