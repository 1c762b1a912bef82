#include "projections/work_plans_projection.h"

#include <variant>

#include "domain/date.h"
#include "domain/json/skp_codec.h"
#include "domain/overloaded.h"
#include "domain/skp.h"
#include "projections/doc_json.h"

namespace kinerja::projections {

namespace dj = docjson;
using JsonDocument = rapidjson::Document;  // projections::Document is the view's

namespace {

dj::Value PlanJson(const domain::WorkPlan& plan, dj::Alloc& a) {
  dj::Value p(rapidjson::kObjectType);
  dj::Value rhks(rapidjson::kArrayType);
  for (const auto& r : plan.rhk) {
    dj::Value x(rapidjson::kObjectType);
    dj::SetStr(x, "id", r.id, a);
    dj::SetStr(x, "kind", domain::ToString(r.kind), a);
    dj::SetStr(x, "description", r.description, a);
    if (r.parent_rhk_id) dj::SetStr(x, "parentRhkId", *r.parent_rhk_id, a);
    dj::Value inds(rapidjson::kArrayType);
    for (const auto& i : r.indikator) {
      dj::Value y(rapidjson::kObjectType);
      dj::SetStr(y, "aspect", domain::ToString(i.aspect), a);
      dj::SetStr(y, "description", i.description, a);
      dj::SetDouble(y, "target", i.target, a);
      dj::SetStr(y, "unit", i.unit, a);
      inds.PushBack(std::move(y), a);
    }
    dj::Set(x, "indikator", std::move(inds), a);
    rhks.PushBack(std::move(x), a);
  }
  dj::Set(p, "rhk", std::move(rhks), a);
  dj::Value perilaku(rapidjson::kObjectType);
  for (const auto& [k, v] : plan.perilaku) dj::SetStr(perilaku, k, v, a);
  dj::Set(p, "perilaku", std::move(perilaku), a);
  return p;
}

// The versions array entry with `number`, or nullptr.
dj::Value* VersionIn(JsonDocument& d, int number) {
  auto& versions = dj::Arr(d, "versions", d.GetAllocator());
  for (auto& v : versions.GetArray()) {
    if (dj::GetInt(v, "number") == number) return &v;
  }
  return nullptr;
}

void AddHistory(dj::Value& version, const char* status, const std::string& actor,
                domain::Timestamp at, const std::string* notes, dj::Alloc& a) {
  dj::Value h(rapidjson::kObjectType);
  dj::SetStr(h, "status", status, a);
  dj::SetStr(h, "actor", actor, a);
  dj::SetStr(h, "at", at.ToRfc3339(), a);
  if (notes != nullptr) dj::SetStr(h, "notes", *notes, a);
  dj::Arr(version, "history", a).PushBack(std::move(h), a);
}

void MarkInForce(JsonDocument& d) {
  const int64_t approved = dj::GetInt(d, "approvedVersion");
  for (auto& v : dj::Arr(d, "versions", d.GetAllocator()).GetArray()) {
    dj::SetBool(v, "inForce", dj::GetInt(v, "number") == approved, d.GetAllocator());
  }
}

// Copies the status fields of the plan document into the summary document.
void SyncSummary(DocumentView& view, const std::string& key, const JsonDocument& plan) {
  JsonDocument s;
  if (!dj::Load(view, key, &s)) s.SetObject();
  auto& a = s.GetAllocator();
  dj::SetStr(s, "status", dj::GetStr(plan, "status"), a);
  dj::SetInt(s, "currentVersion", dj::GetInt(plan, "currentVersion"), a);
  dj::SetInt(s, "approvedVersion", dj::GetInt(plan, "approvedVersion"), a);
  dj::Arr(s, "indikator", a);
  dj::Save(view, key, s);
}

}  // namespace

FoldStatus WorkPlansProjection::Apply(const eventstore::RecordedEvent& e,
                                      DocumentView& view) const {
  if (!domain::json::IsSkpEventType(e.type)) return FoldStatus::Ok();
  auto decoded = domain::json::DecodeSkpEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    return FoldStatus::Poison(decoded.error().code + ": " + decoded.error().message_en);
  }
  const domain::SkpEvent& event = decoded.value();
  const std::string nip = std::visit([](const auto& ev) { return ev.nip; }, event);
  const int year = std::visit([](const auto& ev) { return ev.year; }, event);
  const std::string at = std::visit([](const auto& ev) { return ev.at.ToRfc3339(); }, event);
  const std::string pos = dj::PadPosition(e.position);

  // Progress and feedback: their own documents, plus counters and the summary.
  if (auto* p = std::get_if<domain::ProgressRecorded>(&event)) {
    JsonDocument x(rapidjson::kObjectType);
    auto& a = x.GetAllocator();
    dj::SetInt(x, "version", p->version, a);
    dj::SetStr(x, "period", p->period.ToString(), a);
    dj::SetStr(x, "rhkId", p->rhk_id, a);
    dj::SetInt(x, "indikatorIndex", p->indikator_index, a);
    dj::SetDouble(x, "realisasi", p->realisasi, a);
    if (p->note) dj::SetStr(x, "note", *p->note, a);
    dj::Value ev(rapidjson::kArrayType);
    for (const auto& url : p->evidence) ev.PushBack(dj::Str(url, a), a);
    dj::Set(x, "evidence", std::move(ev), a);
    dj::SetStr(x, "actor", p->actor, a);
    dj::SetStr(x, "at", at, a);
    dj::SetInt(x, "position", static_cast<int64_t>(e.position), a);
    dj::Save(view, ProgressPrefix(nip, year) + pos, x);

    JsonDocument s;
    if (!dj::Load(view, SummaryKey(nip, year), &s)) {
      return FoldStatus::Poison("stored SKP summary does not decode");
    }
    auto& sa = s.GetAllocator();
    auto& inds = dj::Arr(s, "indikator", sa);
    dj::Value* entry = nullptr;
    for (auto& i : inds.GetArray()) {
      if (dj::GetStr(i, "rhkId") == p->rhk_id &&
          dj::GetInt(i, "indikatorIndex") == p->indikator_index) {
        entry = &i;
      }
    }
    if (entry == nullptr) {
      dj::Value i(rapidjson::kObjectType);
      dj::SetStr(i, "rhkId", p->rhk_id, sa);
      dj::SetInt(i, "indikatorIndex", p->indikator_index, sa);
      dj::SetInt(i, "count", 0, sa);
      inds.PushBack(std::move(i), sa);
      entry = &inds[inds.Size() - 1];
    }
    dj::SetInt(*entry, "count", dj::GetInt(*entry, "count") + 1, sa);
    dj::SetDouble(*entry, "lastRealisasi", p->realisasi, sa);
    dj::SetStr(*entry, "lastPeriod", p->period.ToString(), sa);
    dj::SetStr(*entry, "lastAt", at, sa);
    dj::Save(view, SummaryKey(nip, year), s);
  } else if (auto* f = std::get_if<domain::FeedbackGiven>(&event)) {
    JsonDocument x(rapidjson::kObjectType);
    auto& a = x.GetAllocator();
    dj::SetInt(x, "version", f->version, a);
    dj::SetStr(x, "period", f->period.ToString(), a);
    if (f->rhk_id) dj::SetStr(x, "rhkId", *f->rhk_id, a);
    dj::SetStr(x, "text", f->text, a);
    dj::SetStr(x, "actor", f->actor, a);
    dj::SetStr(x, "at", at, a);
    dj::SetInt(x, "position", static_cast<int64_t>(e.position), a);
    dj::Save(view, FeedbackPrefix(nip, year) + pos, x);
  }

  JsonDocument d;
  bool existed = false;
  if (!dj::Load(view, PlanKey(nip, year), &d, &existed)) {
    return FoldStatus::Poison("stored SKP document does not decode");
  }
  auto& a = d.GetAllocator();
  if (!existed) {
    dj::SetStr(d, "nip", nip, a);
    dj::SetInt(d, "year", year, a);
    dj::SetStr(d, "status", "NONE", a);
    dj::SetInt(d, "currentVersion", 0, a);
    dj::SetInt(d, "approvedVersion", 0, a);
    dj::Arr(d, "versions", a);
    dj::SetInt(d, "progressCount", 0, a);
    dj::SetInt(d, "feedbackCount", 0, a);
  }
  std::visit(
      domain::Overloaded{
          [&](const domain::WorkPlanDraftSaved& s) {
            dj::Set(d, "draft", PlanJson(s.plan, a), a);
            dj::SetStr(d, "draftSavedAt", at, a);
            if (dj::GetStr(d, "status") == "NONE") dj::SetStr(d, "status", "DRAFT", a);
          },
          [&](const domain::WorkPlanSubmitted& s) {
            dj::Remove(d, "draft");
            dj::Remove(d, "draftSavedAt");
            dj::Value* v = VersionIn(d, s.version);
            if (v == nullptr) {
              dj::Value nv(rapidjson::kObjectType);
              dj::SetInt(nv, "number", s.version, a);
              dj::SetStr(nv, "status", "SUBMITTED", a);
              dj::SetBool(nv, "inForce", false, a);
              dj::Set(nv, "plan", dj::Value(rapidjson::kObjectType), a);
              dj::Arr(nv, "history", a);
              auto& versions = dj::Arr(d, "versions", a);
              versions.PushBack(std::move(nv), a);
              v = &versions[versions.Size() - 1];
            }
            dj::Set(*v, "plan", PlanJson(s.plan, a), a);
            dj::SetStr(*v, "status", "SUBMITTED", a);
            AddHistory(*v, "SUBMITTED", s.actor, s.at, nullptr, a);
            dj::SetInt(d, "currentVersion", s.version, a);
            dj::SetStr(d, "status", "SUBMITTED", a);
          },
          [&](const domain::WorkPlanApproved& s) {
            if (dj::Value* v = VersionIn(d, s.version)) {
              dj::SetStr(*v, "status", "APPROVED", a);
              AddHistory(*v, "APPROVED", s.actor, s.at, nullptr, a);
            }
            dj::SetInt(d, "approvedVersion", s.version, a);
            if (dj::GetInt(d, "currentVersion") == s.version) dj::SetStr(d, "status", "APPROVED", a);
            MarkInForce(d);
          },
          [&](const domain::WorkPlanReturned& s) {
            if (dj::Value* v = VersionIn(d, s.version)) {
              dj::SetStr(*v, "status", "RETURNED", a);
              AddHistory(*v, "RETURNED", s.actor, s.at, &s.notes, a);
            }
            if (dj::GetInt(d, "currentVersion") == s.version) dj::SetStr(d, "status", "RETURNED", a);
          },
          [&](const domain::ProgressRecorded&) {
            dj::SetInt(d, "progressCount", dj::GetInt(d, "progressCount") + 1, a);
          },
          [&](const domain::FeedbackGiven&) {
            dj::SetInt(d, "feedbackCount", dj::GetInt(d, "feedbackCount") + 1, a);
          },
      },
      event);
  dj::SetStr(d, "updatedAt", at, a);
  dj::SetInt(d, "position", static_cast<int64_t>(e.position), a);
  dj::SetInt(d, "streamVersion", static_cast<int64_t>(e.stream_version), a);
  dj::Save(view, PlanKey(nip, year), d);
  SyncSummary(view, SummaryKey(nip, year), d);
  return FoldStatus::Ok();
}

}  // namespace kinerja::projections
