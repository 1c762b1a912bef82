// state_json.h for the SKP and appraisal aggregates.
#include "api/app/state_json.h"
#include "api/app/state_json_fields.h"

namespace kinerja::app {

using json_fields::Opt;
using json_fields::OptTime;
using json_fields::Time;

namespace {

void WritePlan(http::JsonWriter& w, const domain::WorkPlan& plan) {
  w.StartObject();
  w.Key("rhk").StartArray();
  for (const auto& rhk : plan.rhk) {
    w.StartObject();
    w.Key("id").String(rhk.id);
    w.Key("kind").String(domain::ToString(rhk.kind));
    w.Key("description").String(rhk.description);
    Opt(w, "parentRhkId", rhk.parent_rhk_id);
    w.Key("indikator").StartArray();
    for (const auto& ind : rhk.indikator) {
      w.StartObject();
      w.Key("aspect").String(domain::ToString(ind.aspect));
      w.Key("description").String(ind.description);
      w.Key("target").Double(ind.target);
      w.Key("unit").String(ind.unit);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("perilaku").StartObject();
  for (const auto& [key, ekspektasi] : plan.perilaku) w.Key(key).String(ekspektasi);
  w.EndObject();
  w.EndObject();
}

void WriteVersion(http::JsonWriter& w, const domain::SkpVersion& v) {
  w.StartObject();
  w.Key("number").Int(v.number);
  w.Key("status").String(domain::ToString(v.status));
  w.Key("plan");
  WritePlan(w, v.plan);
  w.Key("history").StartArray();
  for (const auto& change : v.history) {
    w.StartObject();
    w.Key("status").String(domain::ToString(change.status));
    w.Key("actor").String(change.actor);
    Time(w, "at", change.at);
    if (change.status == domain::SkpStatus::kReturned) w.Key("notes").String(change.notes);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteRatings(http::JsonWriter& w, const std::map<std::string, domain::Rating>& ratings) {
  w.StartObject();
  for (const auto& [key, rating] : ratings) w.Key(key).String(domain::ToString(rating));
  w.EndObject();
}

}  // namespace

void WriteState(http::JsonWriter& w, const domain::SkpState& s, domain::Date) {
  w.StartObject();
  w.Key("exists").Bool(s.exists);
  w.Key("nip").String(s.nip);
  w.Key("year").Int(s.year);
  w.Key("status").String(domain::ToString(s.status));
  if (s.draft) {
    w.Key("draft");
    WritePlan(w, *s.draft);
    Time(w, "draftSavedAt", s.draft_saved_at);
  }
  w.Key("currentVersion").Int(s.current_version);
  w.Key("approvedVersion").Int(s.approved_version);
  w.Key("versions").StartArray();
  for (const auto& version : s.versions) WriteVersion(w, version);
  w.EndArray();
  w.Key("progress").StartArray();
  for (const auto& p : s.progress) {
    w.StartObject();
    w.Key("version").Int(p.version);
    w.Key("period").String(p.period.ToString());
    w.Key("rhkId").String(p.rhk_id);
    w.Key("indikatorIndex").Int(p.indikator_index);
    w.Key("realisasi").Double(p.realisasi);
    Opt(w, "note", p.note);
    w.Key("evidence").StartArray();
    for (const auto& url : p.evidence) w.String(url);
    w.EndArray();
    w.Key("actor").String(p.actor);
    Time(w, "at", p.at);
    w.EndObject();
  }
  w.EndArray();
  w.Key("feedback").StartArray();
  for (const auto& f : s.feedback) {
    w.StartObject();
    w.Key("version").Int(f.version);
    w.Key("period").String(f.period.ToString());
    Opt(w, "rhkId", f.rhk_id);
    w.Key("text").String(f.text);
    w.Key("actor").String(f.actor);
    Time(w, "at", f.at);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteState(http::JsonWriter& w, const domain::AppraisalState& s, domain::Date) {
  w.StartObject();
  w.Key("exists").Bool(s.exists());
  w.Key("status").String(domain::ToString(s.status));
  w.Key("nip").String(s.nip);
  if (s.exists()) {
    w.Key("period").String(s.period.ToString());
    w.Key("hasilKerja").String(domain::ToString(s.hasil_kerja));
    w.Key("perilakuKerja").String(domain::ToString(s.perilaku_kerja));
    w.Key("perilaku");
    WriteRatings(w, s.perilaku);
    Opt(w, "disiplin", s.disiplin);
    Opt(w, "inovasi", s.inovasi);
    Opt(w, "notes", s.notes);
    w.Key("recordedPredikat").String(domain::ToString(s.recorded_predikat));
    w.Key("skpVersion").Int(s.skp_version);
    w.Key("recordedBy").String(s.recorded_by);
    Time(w, "recordedAt", s.recorded_at);
    w.Key("receivedOn").String(s.received_on.ToString());
  }
  OptTime(w, "acceptedAt", s.accepted_at);
  if (s.objection) {
    w.Key("objection").StartObject();
    w.Key("reason").String(s.objection->reason);
    Time(w, "filedAt", s.objection->filed_at);
    w.EndObject();
  }
  if (s.decision) {
    const auto& d = *s.decision;
    w.Key("decision").StartObject();
    w.Key("upheld").Bool(d.upheld);
    if (d.hasil_kerja) w.Key("hasilKerja").String(domain::ToString(*d.hasil_kerja));
    if (d.perilaku_kerja) w.Key("perilakuKerja").String(domain::ToString(*d.perilaku_kerja));
    w.Key("predikat").String(domain::ToString(d.predikat));
    w.Key("reason").String(d.reason);
    w.Key("decidedBy").String(d.decided_by);
    Time(w, "decidedAt", d.decided_at);
    w.EndObject();
  }
  OptTime(w, "finalizedAt", s.finalized_at);
  if (s.finalized_at) w.Key("finalizedBy").String(s.finalized_by);
  if (s.exists()) {
    w.Key("derived").StartObject();
    w.Key("predikat").String(domain::ToString(s.predikat()));
    w.Key("effectiveHasilKerja").String(domain::ToString(s.effective_hasil_kerja()));
    w.Key("effectivePerilakuKerja").String(domain::ToString(s.effective_perilaku_kerja()));
    w.Key("accepted").Bool(s.accepted());
    w.Key("objectionOpen").Bool(s.objection_open());
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace kinerja::app
