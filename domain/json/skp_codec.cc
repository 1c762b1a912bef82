#include "domain/json/skp_codec.h"

#include <limits>

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

namespace kinerja::domain::json {
namespace {

// --- Writing ------------------------------------------------------------------------------------

void PutPlan(Writer& w, const WorkPlan& plan) {
  w.Key("rhk");
  w.StartArray();
  for (const auto& rhk : plan.rhk) {
    w.StartObject();
    Put(w, "id", rhk.id);
    Put(w, "kind", ToString(rhk.kind));
    Put(w, "description", rhk.description);
    Put(w, "parentRhkId", rhk.parent_rhk_id);
    w.Key("indikator");
    w.StartArray();
    for (const auto& ind : rhk.indikator) {
      w.StartObject();
      Put(w, "aspect", ToString(ind.aspect));
      Put(w, "description", ind.description);
      Put(w, "target", ind.target);
      Put(w, "unit", ind.unit);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("perilaku");
  w.StartObject();
  for (const auto& [key, text] : plan.perilaku) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  w.EndObject();
}

void PutHead(Writer& w, const std::string& nip, int year) {
  Put(w, "nip", nip);
  Put(w, "year", year);
}

void PutTail(Writer& w, const std::string& actor, Timestamp at) {
  Put(w, "actor", actor);
  Put(w, "at", at);
}

// --- Reading ------------------------------------------------------------------------------------

Result<int> IntIn(const Fields& f, const char* name, int64_t min, int64_t max) {
  auto v = f.Int(name);
  if (!v.ok()) return v.error();
  if (v.value() < min || v.value() > max) {
    return WrongType(f.PointerTo(name),
                     ("an integer from " + std::to_string(min) + " to " + std::to_string(max))
                         .c_str());
  }
  return static_cast<int>(v.value());
}

Result<Indikator> DecodeIndikator(const Fields& f) {
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto aspect_text = f.String("aspect");
  if (!aspect_text.ok()) return aspect_text.error();
  auto aspect = ParseIndikatorAspect(aspect_text.value());
  if (!aspect.ok()) return aspect.error();
  auto description = f.String("description");
  if (!description.ok()) return description.error();
  auto target = f.Number("target");
  if (!target.ok()) return target.error();
  auto unit = f.String("unit");
  if (!unit.ok()) return unit.error();
  return Indikator{aspect.value(), description.value(), target.value(), unit.value()};
}

Result<Rhk> DecodeRhk(const Fields& f) {
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  Rhk rhk;
  auto id = f.String("id");
  if (!id.ok()) return id.error();
  auto kind_text = f.String("kind");
  if (!kind_text.ok()) return kind_text.error();
  auto kind = ParseRhkKind(kind_text.value());
  if (!kind.ok()) return kind.error();
  auto description = f.String("description");
  if (!description.ok()) return description.error();
  auto parent = f.OptString("parentRhkId");
  if (!parent.ok()) return parent.error();
  auto indikator = f.Array("indikator");
  if (!indikator.ok()) return indikator.error();
  rhk.id = id.value();
  rhk.kind = kind.value();
  rhk.description = description.value();
  rhk.parent_rhk_id = parent.value();
  size_t i = 0;
  for (const auto& item : indikator.value()->GetArray()) {
    auto ind = DecodeIndikator(Fields(item, f.PointerTo("indikator") + "/" + std::to_string(i++)));
    if (!ind.ok()) return ind.error();
    rhk.indikator.push_back(ind.value());
  }
  return rhk;
}

// Reads "rhk" (required) and "perilaku" (optional object of strings) from `f`.
Result<WorkPlan> DecodePlan(const Fields& f) {
  WorkPlan plan;
  auto rhk = f.Array("rhk");
  if (!rhk.ok()) return rhk.error();
  size_t i = 0;
  for (const auto& item : rhk.value()->GetArray()) {
    auto r = DecodeRhk(Fields(item, f.PointerTo("rhk") + "/" + std::to_string(i++)));
    if (!r.ok()) return r.error();
    plan.rhk.push_back(r.value());
  }
  auto perilaku = f.OptObject("perilaku");
  if (!perilaku.ok()) return perilaku.error();
  if (perilaku.value() != nullptr) {
    for (const auto& m : perilaku.value()->GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      if (!m.value.IsString()) return WrongType(f.PointerTo("perilaku") + "/" + key, "a string");
      plan.perilaku[key] = std::string(m.value.GetString(), m.value.GetStringLength());
    }
  }
  return plan;
}

Result<Period> PeriodField(const Fields& f) {
  auto text = f.String("period");
  if (!text.ok()) return text.error();
  return Period::Parse(text.value());
}

// The fields every SKP event starts and ends with.
struct Envelope {
  std::string nip;
  int year = 0;
  std::string actor;
  Timestamp at;
};

Result<Envelope> DecodeEnvelope(const Fields& f) {
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto nip = f.String("nip");
  if (!nip.ok()) return nip.error();
  auto year = IntIn(f, "year", 2000, 2100);
  if (!year.ok()) return year.error();
  auto actor = f.String("actor");
  if (!actor.ok()) return actor.error();
  auto at = f.Time("at");
  if (!at.ok()) return at.error();
  return Envelope{nip.value(), year.value(), actor.value(), at.value()};
}

constexpr int64_t kMaxInt = std::numeric_limits<int>::max();

Result<SkpEvent> DecodeEventBody(std::string_view type, const rapidjson::Value& v) {
  Fields f(v, "");
  auto env = DecodeEnvelope(f);
  if (!env.ok()) return env.error();
  const Envelope& e = env.value();
  if (type == WorkPlanDraftSaved::kType) {
    auto plan = DecodePlan(f);
    if (!plan.ok()) return plan.error();
    return SkpEvent{WorkPlanDraftSaved{e.nip, e.year, plan.value(), e.actor, e.at}};
  }
  auto version = IntIn(f, "version", 1, kMaxInt);
  if (!version.ok()) return version.error();
  if (type == WorkPlanSubmitted::kType) {
    auto plan = DecodePlan(f);
    if (!plan.ok()) return plan.error();
    auto again = f.OptBool("resubmission");
    if (!again.ok()) return again.error();
    return SkpEvent{WorkPlanSubmitted{e.nip, e.year, version.value(),
                                      again.value().value_or(false), plan.value(), e.actor, e.at}};
  }
  if (type == WorkPlanApproved::kType) {
    auto supersedes = IntIn(f, "supersedesVersion", 0, kMaxInt);
    if (!supersedes.ok()) return supersedes.error();
    return SkpEvent{
        WorkPlanApproved{e.nip, e.year, version.value(), supersedes.value(), e.actor, e.at}};
  }
  if (type == WorkPlanReturned::kType) {
    auto notes = f.String("notes");
    if (!notes.ok()) return notes.error();
    return SkpEvent{WorkPlanReturned{e.nip, e.year, version.value(), notes.value(), e.actor, e.at}};
  }
  auto period = PeriodField(f);
  if (!period.ok()) return period.error();
  if (type == ProgressRecorded::kType) {
    auto rhk = f.String("rhkId");
    if (!rhk.ok()) return rhk.error();
    auto index = IntIn(f, "indikatorIndex", 0, kMaxInt);
    if (!index.ok()) return index.error();
    auto realisasi = f.Number("realisasi");
    if (!realisasi.ok()) return realisasi.error();
    auto note = f.OptString("note");
    if (!note.ok()) return note.error();
    auto evidence = f.OptStringArray("evidence");
    if (!evidence.ok()) return evidence.error();
    return SkpEvent{ProgressRecorded{e.nip, e.year, version.value(), period.value(), rhk.value(),
                                     index.value(), realisasi.value(), note.value(),
                                     evidence.value(), e.actor, e.at}};
  }
  auto rhk = f.OptString("rhkId");
  if (!rhk.ok()) return rhk.error();
  auto text = f.String("text");
  if (!text.ok()) return text.error();
  return SkpEvent{FeedbackGiven{e.nip, e.year, version.value(), period.value(), rhk.value(),
                                text.value(), e.actor, e.at}};
}

template <class E>
bool Is(std::string_view type) {
  return type == E::kType;
}

// The newest schema version of a known event type.
int LatestVersion(std::string_view type) {
  if (Is<WorkPlanDraftSaved>(type)) return WorkPlanDraftSaved::kVersion;
  if (Is<WorkPlanSubmitted>(type)) return WorkPlanSubmitted::kVersion;
  if (Is<WorkPlanApproved>(type)) return WorkPlanApproved::kVersion;
  if (Is<WorkPlanReturned>(type)) return WorkPlanReturned::kVersion;
  if (Is<ProgressRecorded>(type)) return ProgressRecorded::kVersion;
  return FeedbackGiven::kVersion;
}

}  // namespace

bool IsSkpEventType(std::string_view type) {
  return Is<WorkPlanDraftSaved>(type) || Is<WorkPlanSubmitted>(type) ||
         Is<WorkPlanApproved>(type) || Is<WorkPlanReturned>(type) || Is<ProgressRecorded>(type) ||
         Is<FeedbackGiven>(type);
}

EncodedEvent EncodeSkpEvent(const SkpEvent& event) {
  return std::visit(
      Overloaded{
          [](const WorkPlanDraftSaved& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  PutPlan(w, e.plan);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
          [](const WorkPlanSubmitted& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  Put(w, "version", e.version);
                                  Put(w, "resubmission", e.resubmission);
                                  PutPlan(w, e.plan);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
          [](const WorkPlanApproved& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  Put(w, "version", e.version);
                                  Put(w, "supersedesVersion", e.supersedes_version);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
          [](const WorkPlanReturned& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  Put(w, "version", e.version);
                                  Put(w, "notes", e.notes);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
          [](const ProgressRecorded& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  Put(w, "version", e.version);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "rhkId", e.rhk_id);
                                  Put(w, "indikatorIndex", e.indikator_index);
                                  Put(w, "realisasi", e.realisasi);
                                  Put(w, "note", e.note);
                                  Put(w, "evidence", e.evidence);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
          [](const FeedbackGiven& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  PutHead(w, e.nip, e.year);
                                  Put(w, "version", e.version);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "rhkId", e.rhk_id);
                                  Put(w, "text", e.text);
                                  PutTail(w, e.actor, e.at);
                                })};
          },
      },
      event);
}

Result<SkpEvent> DecodeSkpEvent(std::string_view type, int version, std::string_view data) {
  if (!IsSkpEventType(type)) return UnknownEventType(type);
  if (version < 1 || version > LatestVersion(type)) return UnsupportedEventVersion(type, version);
  auto doc = ParseJson(data);
  if (!doc.ok()) return doc.error();
  return DecodeEventBody(type, doc.value());
}

Result<SkpCommand> DecodeWorkPlanBody(const std::string& nip, int year,
                                      const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto plan = DecodePlan(f);
  if (!plan.ok()) return plan.error();
  auto draft = f.OptBool("draft");
  if (!draft.ok()) return draft.error();
  if (draft.value().value_or(false)) return SkpCommand{SaveWorkPlanDraft{nip, year, plan.value()}};
  return SkpCommand{SubmitWorkPlan{nip, year, plan.value()}};
}

ApproveWorkPlan MakeApproveWorkPlan(const std::string& nip, int year) {
  return ApproveWorkPlan{nip, year};
}

Result<ReturnWorkPlan> DecodeReturnWorkPlan(const std::string& nip, int year,
                                            const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto notes = f.String("notes");
  if (!notes.ok()) return notes.error();
  return ReturnWorkPlan{nip, year, notes.value()};
}

Result<RecordProgress> DecodeRecordProgress(const std::string& nip, int year,
                                            const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto period = PeriodField(f);
  if (!period.ok()) return period.error();
  auto rhk = f.String("rhkId");
  if (!rhk.ok()) return rhk.error();
  auto index = IntIn(f, "indikatorIndex", 0, 1000);
  if (!index.ok()) return index.error();
  auto realisasi = f.Number("realisasi");
  if (!realisasi.ok()) return realisasi.error();
  auto note = f.OptString("note");
  if (!note.ok()) return note.error();
  auto evidence = f.OptStringArray("evidence");
  if (!evidence.ok()) return evidence.error();
  return RecordProgress{nip,         year,       period.value(),   rhk.value(), index.value(),
                        realisasi.value(), note.value(), evidence.value()};
}

Result<GiveFeedback> DecodeGiveFeedback(const std::string& nip, int year,
                                        const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto period = PeriodField(f);
  if (!period.ok()) return period.error();
  auto rhk = f.OptString("rhkId");
  if (!rhk.ok()) return rhk.error();
  auto text = f.String("text");
  if (!text.ok()) return text.error();
  return GiveFeedback{nip, year, period.value(), rhk.value(), text.value()};
}

}  // namespace kinerja::domain::json
