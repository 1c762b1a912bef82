#include "projections/follow_ups_projection.h"

#include <variant>

#include "domain/follow_up.h"
#include "domain/json/follow_up_codec.h"
#include "domain/overloaded.h"
#include "projections/doc_json.h"

namespace kinerja::projections {

namespace dj = docjson;
using JsonDocument = rapidjson::Document;  // projections::Document is the view's

namespace {

void Recommend(JsonDocument& d, const std::string& nip, int year, domain::FollowUpKind kind,
               domain::Predikat predikat, const std::string& stream, const std::string& at) {
  auto& a = d.GetAllocator();
  if (dj::Find(d, "kind") != nullptr) return;  // Recorded once; the aggregate is idempotent.
  dj::SetStr(d, "nip", nip, a);
  dj::SetInt(d, "year", year, a);
  dj::SetStr(d, "kind", domain::ToString(kind), a);
  dj::SetStr(d, "predikat", domain::ToString(predikat), a);
  dj::SetStr(d, "appraisalStream", stream, a);
  dj::SetStr(d, "status", domain::ToString(domain::FollowUpStatus::kRecommended), a);
  dj::SetStr(d, "recommendedAt", at, a);
  dj::Arr(d, "acts", a);
}

}  // namespace

FoldStatus FollowUpsProjection::Apply(const eventstore::RecordedEvent& e,
                                      DocumentView& view) const {
  if (!domain::json::IsFollowUpEventType(e.type)) return FoldStatus::Ok();
  auto decoded =
      domain::json::DecodeFollowUpEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    return FoldStatus::Poison(decoded.error().code + ": " + decoded.error().message_en);
  }
  const domain::FollowUpEvent& event = decoded.value();
  const std::string nip = std::visit([](const auto& ev) { return ev.nip; }, event);
  const int year = std::visit([](const auto& ev) { return ev.year; }, event);
  const std::string at = domain::Timestamp{e.recorded_at}.ToRfc3339();
  JsonDocument d;
  bool existed = false;
  if (!dj::Load(view, Key(year, nip), &d, &existed)) {
    return FoldStatus::Poison("stored follow-up document does not decode");
  }
  auto& a = d.GetAllocator();
  if (auto* p = std::get_if<domain::PembinaanRecommended>(&event)) {
    Recommend(d, nip, year, domain::FollowUpKind::kPembinaan, p->predikat, p->appraisal_stream,
              at);
  } else if (auto* g = std::get_if<domain::PenghargaanRecommended>(&event)) {
    Recommend(d, nip, year, domain::FollowUpKind::kPenghargaan, g->predikat,
              g->appraisal_stream, at);
  } else {
    const auto& act = std::get<domain::FollowUpActedOn>(event);
    if (!existed) return FoldStatus::Poison("follow-up acted on without a recommendation");
    dj::Value x(rapidjson::kObjectType);
    dj::SetStr(x, "action", domain::ToString(act.action), a);
    dj::SetStr(x, "reference", act.reference, a);
    dj::SetStr(x, "at", at, a);
    dj::Arr(d, "acts", a).PushBack(std::move(x), a);
    dj::SetStr(d, "status", domain::ToString(domain::FollowUpStatus::kActedOn), a);
  }
  dj::SetInt(d, "position", static_cast<int64_t>(e.position), a);
  dj::Save(view, Key(year, nip), d);
  return FoldStatus::Ok();
}

}  // namespace kinerja::projections
