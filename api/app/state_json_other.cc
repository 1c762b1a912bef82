// state_json.h for the training, recognition, innovation, discipline and follow-up aggregates.
#include "api/app/state_json.h"
#include "api/app/state_json_fields.h"

namespace kinerja::app {

using json_fields::Opt;
using json_fields::OptDate;
using json_fields::OptInt;
using json_fields::OptTime;

void WriteState(http::JsonWriter& w, const domain::TrainingState& s, domain::Date) {
  w.StartObject();
  w.Key("exists").Bool(s.exists());
  w.Key("status").String(domain::ToString(s.status));
  w.Key("id").String(s.id);
  w.Key("nip").String(s.nip);
  if (s.exists()) {
    w.Key("title").String(s.title);
    w.Key("kind").String(domain::ToString(s.kind));
    w.Key("jpPlanned").Int(s.jp_planned);
    w.Key("startDate").String(s.start_date.ToString());
    w.Key("endDate").String(s.end_date.ToString());
  }
  Opt(w, "reason", s.reason);
  OptInt(w, "followUpYear", s.follow_up_year);
  OptDate(w, "completedOn", s.completed_on);
  w.Key("jpEarned").Int(s.jp_earned);
  Opt(w, "certificate", s.certificate);
  Opt(w, "cancelReason", s.cancel_reason);
  w.EndObject();
}

void WriteState(http::JsonWriter& w, const domain::RecognitionState& s, domain::Date) {
  w.StartObject();
  w.Key("nip").String(s.nip);
  w.Key("recognitions").StartArray();
  for (const auto& r : s.recognitions) {
    w.StartObject();
    w.Key("number").Int(r.number);
    w.Key("year").Int(r.year);
    w.Key("title").String(r.title);
    w.Key("reason").String(r.reason);
    OptInt(w, "followUpYear", r.follow_up_year);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteState(http::JsonWriter& w, const domain::InnovationState& s, domain::Date) {
  w.StartObject();
  w.Key("exists").Bool(s.exists);
  w.Key("id").String(s.id);
  w.Key("nip").String(s.nip);
  w.Key("year").Int(s.year);
  w.Key("title").String(s.title);
  w.Key("description").String(s.description);
  w.Key("acknowledged").Bool(s.acknowledged());
  Opt(w, "acknowledgedBy", s.acknowledged_by);
  OptTime(w, "acknowledgedAt", s.acknowledged_at);
  w.EndObject();
}

void WriteState(http::JsonWriter& w, const domain::DisciplineState& s, domain::Date) {
  w.StartObject();
  w.Key("nip").String(s.nip);
  w.Key("actions").StartArray();
  for (const auto& a : s.actions) {
    w.StartObject();
    w.Key("number").Int(a.number);
    w.Key("level").String(domain::ToString(a.level));
    w.Key("type").String(a.type);
    w.Key("decidedOn").String(a.decided_on.ToString());
    w.Key("reason").String(a.reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteState(http::JsonWriter& w, const domain::FollowUpState& s, domain::Date) {
  w.StartObject();
  w.Key("status").String(domain::ToString(s.status));
  w.Key("nip").String(s.nip);
  w.Key("year").Int(s.year);
  if (s.kind) {
    w.Key("kind").String(domain::ToString(*s.kind));
    w.Key("predikat").String(domain::ToString(s.predikat));
    w.Key("appraisalStream").String(s.appraisal_stream);
  }
  w.Key("acts").StartArray();
  for (const auto& act : s.acts) {
    w.StartObject();
    w.Key("action").String(domain::ToString(act.action));
    w.Key("reference").String(act.reference);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace kinerja::app
