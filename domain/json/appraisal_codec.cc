#include "domain/json/appraisal_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

// Local shorthand: evaluate a Result-returning expression, return its error or bind its value.
#define KJ_TRY(var, expr)                    \
  auto var##_result = (expr);                \
  if (!var##_result.ok()) return var##_result.error(); \
  auto var = std::move(var##_result).value()

namespace kinerja::domain::json {
namespace {

Result<Rating> RatingField(const Fields& f, const char* name) {
  KJ_TRY(text, f.String(name));
  return ParseRating(text);
}

Result<std::optional<Rating>> OptRatingField(const Fields& f, const char* name) {
  KJ_TRY(text, f.OptString(name));
  if (!text) return std::optional<Rating>{};
  KJ_TRY(rating, ParseRating(*text));
  return std::optional<Rating>(rating);
}

Result<Period> PeriodField(const Fields& f) {
  KJ_TRY(text, f.String("period"));
  return Period::Parse(text);
}

Result<Predikat> PredikatField(const Fields& f) {
  KJ_TRY(text, f.String("predikat"));
  return ParsePredikat(text);
}

Result<std::map<std::string, Rating>> PerilakuField(const Fields& f) {
  std::map<std::string, Rating> out;
  KJ_TRY(obj, f.OptObject("perilaku"));
  if (obj == nullptr) return out;
  for (auto it = obj->MemberBegin(); it != obj->MemberEnd(); ++it) {
    const std::string key(it->name.GetString(), it->name.GetStringLength());
    if (!it->value.IsString()) return WrongType(f.PointerTo("perilaku") + "/" + key, "a string");
    KJ_TRY(rating, ParseRating(it->value.GetString()));
    out[key] = rating;
  }
  return out;
}

void PutRating(Writer& w, const char* key, const std::optional<Rating>& r) {
  if (r) Put(w, key, ToString(*r));
}

// v1 and v2 share every field but `predikat` and `perilaku` (added in v2).
Result<AppraisalEvent> DecodeRecorded(const rapidjson::Value& v, int version) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  AppraisalRecorded e;
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(period, PeriodField(f));
  KJ_TRY(hasil, RatingField(f, "hasilKerja"));
  KJ_TRY(perilaku_kerja, RatingField(f, "perilakuKerja"));
  KJ_TRY(disiplin, f.OptString("disiplin"));
  KJ_TRY(inovasi, f.OptString("inovasi"));
  KJ_TRY(notes, f.OptString("notes"));
  KJ_TRY(skp_version, f.Int("skpVersion"));
  KJ_TRY(penilai, f.String("pejabatPenilaiNip"));
  KJ_TRY(recorded_at, f.Time("recordedAt"));
  e.nip = nip;
  e.period = period;
  e.hasil_kerja = hasil;
  e.perilaku_kerja = perilaku_kerja;
  e.disiplin = disiplin;
  e.inovasi = inovasi;
  e.notes = notes;
  e.skp_version = static_cast<int>(skp_version);
  e.pejabat_penilai_nip = penilai;
  e.recorded_at = recorded_at;
  if (version == 1) {  // upcast: v1 derived the predikat on read and had no per-value ratings
    e.predikat = PredikatFor(hasil, perilaku_kerja);
    return AppraisalEvent{e};
  }
  KJ_TRY(predikat, PredikatField(f));
  KJ_TRY(perilaku, PerilakuField(f));
  e.predikat = predikat;
  e.perilaku = perilaku;
  return AppraisalEvent{e};
}

Result<AppraisalEvent> DecodeAccepted(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(period, PeriodField(f));
  KJ_TRY(at, f.Time("acceptedAt"));
  return AppraisalEvent{AppraisalAccepted{nip, period, at}};
}

Result<AppraisalEvent> DecodeObjectionFiled(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(period, PeriodField(f));
  KJ_TRY(reason, f.String("reason"));
  KJ_TRY(at, f.Time("filedAt"));
  return AppraisalEvent{ObjectionFiled{nip, period, reason, at}};
}

Result<AppraisalEvent> DecodeObjectionDecided(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  ObjectionDecided e;
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(period, PeriodField(f));
  KJ_TRY(upheld, f.Bool("upheld"));
  KJ_TRY(hasil, OptRatingField(f, "hasilKerja"));
  KJ_TRY(perilaku, OptRatingField(f, "perilakuKerja"));
  KJ_TRY(predikat, PredikatField(f));
  KJ_TRY(reason, f.String("reason"));
  KJ_TRY(by, f.String("decidedBy"));
  KJ_TRY(at, f.Time("decidedAt"));
  e.nip = nip;
  e.period = period;
  e.upheld = upheld;
  e.hasil_kerja = hasil;
  e.perilaku_kerja = perilaku;
  e.predikat = predikat;
  e.reason = reason;
  e.decided_by = by;
  e.decided_at = at;
  return AppraisalEvent{e};
}

Result<AppraisalEvent> DecodeFinalized(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(period, PeriodField(f));
  KJ_TRY(predikat, PredikatField(f));
  KJ_TRY(by, f.String("finalizedBy"));
  KJ_TRY(at, f.Time("finalizedAt"));
  return AppraisalEvent{AppraisalFinalized{nip, period, predikat, by, at}};
}

}  // namespace

bool IsAppraisalEventType(std::string_view type) {
  return type == AppraisalRecorded::kType || type == AppraisalAccepted::kType ||
         type == ObjectionFiled::kType || type == ObjectionDecided::kType ||
         type == AppraisalFinalized::kType;
}

EncodedEvent EncodeAppraisalEvent(const AppraisalEvent& event) {
  return std::visit(
      Overloaded{
          [](const AppraisalRecorded& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "hasilKerja", ToString(e.hasil_kerja));
                                  Put(w, "perilakuKerja", ToString(e.perilaku_kerja));
                                  w.Key("perilaku");
                                  w.StartObject();
                                  for (const auto& [key, rating] : e.perilaku) {
                                    Put(w, key.c_str(), ToString(rating));
                                  }
                                  w.EndObject();
                                  Put(w, "disiplin", e.disiplin);
                                  Put(w, "inovasi", e.inovasi);
                                  Put(w, "notes", e.notes);
                                  Put(w, "predikat", ToString(e.predikat));
                                  Put(w, "skpVersion", e.skp_version);
                                  Put(w, "pejabatPenilaiNip", e.pejabat_penilai_nip);
                                  Put(w, "recordedAt", e.recorded_at);
                                })};
          },
          [](const AppraisalAccepted& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "acceptedAt", e.accepted_at);
                                })};
          },
          [](const ObjectionFiled& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "reason", e.reason);
                                  Put(w, "filedAt", e.filed_at);
                                })};
          },
          [](const ObjectionDecided& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "upheld", e.upheld);
                                  PutRating(w, "hasilKerja", e.hasil_kerja);
                                  PutRating(w, "perilakuKerja", e.perilaku_kerja);
                                  Put(w, "predikat", ToString(e.predikat));
                                  Put(w, "reason", e.reason);
                                  Put(w, "decidedBy", e.decided_by);
                                  Put(w, "decidedAt", e.decided_at);
                                })};
          },
          [](const AppraisalFinalized& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "period", e.period.ToString());
                                  Put(w, "predikat", ToString(e.predikat));
                                  Put(w, "finalizedBy", e.finalized_by);
                                  Put(w, "finalizedAt", e.finalized_at);
                                })};
          },
      },
      event);
}

Result<AppraisalEvent> DecodeAppraisalEvent(std::string_view type, int version,
                                            std::string_view data) {
  auto current = [&]() -> int {
    if (type == AppraisalRecorded::kType) return AppraisalRecorded::kVersion;
    if (type == AppraisalAccepted::kType) return AppraisalAccepted::kVersion;
    if (type == ObjectionFiled::kType) return ObjectionFiled::kVersion;
    if (type == ObjectionDecided::kType) return ObjectionDecided::kVersion;
    if (type == AppraisalFinalized::kType) return AppraisalFinalized::kVersion;
    return 0;
  }();
  if (current == 0) return UnknownEventType(type);
  if (version < 1 || version > current) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  if (type == AppraisalRecorded::kType) return DecodeRecorded(doc, version);
  if (type == AppraisalAccepted::kType) return DecodeAccepted(doc);
  if (type == ObjectionFiled::kType) return DecodeObjectionFiled(doc);
  if (type == ObjectionDecided::kType) return DecodeObjectionDecided(doc);
  return DecodeFinalized(doc);
}

Result<RecordAppraisal> DecodeRecordAppraisal(const std::string& nip, const Period& period,
                                              const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  RecordAppraisal c;
  c.nip = nip;
  c.period = period;
  KJ_TRY(hasil, RatingField(f, "hasilKerja"));
  KJ_TRY(perilaku_kerja, RatingField(f, "perilakuKerja"));
  KJ_TRY(perilaku, PerilakuField(f));
  KJ_TRY(disiplin, f.OptString("disiplin"));
  KJ_TRY(inovasi, f.OptString("inovasi"));
  KJ_TRY(notes, f.OptString("notes"));
  c.hasil_kerja = hasil;
  c.perilaku_kerja = perilaku_kerja;
  c.perilaku = perilaku;
  c.disiplin = disiplin;
  c.inovasi = inovasi;
  c.notes = notes;
  return c;
}

Result<FileObjection> DecodeFileObjection(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(reason, f.String("reason"));
  return FileObjection{reason};
}

Result<DecideObjection> DecodeDecideObjection(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(upheld, f.Bool("upheld"));
  KJ_TRY(hasil, OptRatingField(f, "hasilKerja"));
  KJ_TRY(perilaku, OptRatingField(f, "perilakuKerja"));
  KJ_TRY(reason, f.String("reason"));
  return DecideObjection{upheld, hasil, perilaku, reason};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
