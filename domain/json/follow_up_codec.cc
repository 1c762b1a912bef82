#include "domain/json/follow_up_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"

#define KJ_TRY(var, expr)                              \
  auto var##_result = (expr);                          \
  if (!var##_result.ok()) return var##_result.error(); \
  auto var = std::move(var##_result).value()

namespace kinerja::domain::json {
namespace {

Result<int> YearField(const Fields& f) {
  KJ_TRY(v, f.Int("year"));
  if (v < 0 || v > 9999) return WrongType(f.PointerTo("year"), "a year");
  return static_cast<int>(v);
}

Result<Predikat> PredikatField(const Fields& f) {
  KJ_TRY(text, f.String("predikat"));
  return ParsePredikat(text);
}

Result<FollowUpAction> ActionField(const Fields& f) {
  KJ_TRY(text, f.String("action"));
  return ParseFollowUpAction(text);
}

template <class E>
std::string WriteRecommended(const E& e) {
  return WriteObject([&](Writer& w) {
    Put(w, "nip", e.nip);
    Put(w, "year", e.year);
    Put(w, "predikat", ToString(e.predikat));
    Put(w, "appraisalStream", e.appraisal_stream);
  });
}

}  // namespace

bool IsFollowUpEventType(std::string_view type) {
  return type == PembinaanRecommended::kType || type == PenghargaanRecommended::kType ||
         type == FollowUpActedOn::kType;
}

EncodedEvent EncodeFollowUpEvent(const FollowUpEvent& event) {
  return std::visit(
      Overloaded{
          [](const PembinaanRecommended& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteRecommended(e)};
          },
          [](const PenghargaanRecommended& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteRecommended(e)};
          },
          [](const FollowUpActedOn& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "nip", e.nip);
                                  Put(w, "year", e.year);
                                  Put(w, "action", ToString(e.action));
                                  Put(w, "reference", e.reference);
                                })};
          },
      },
      event);
}

Result<FollowUpEvent> DecodeFollowUpEvent(std::string_view type, int version,
                                          std::string_view data) {
  if (!IsFollowUpEventType(type)) return UnknownEventType(type);
  if (version != 1) return UnsupportedEventVersion(type, version);
  KJ_TRY(doc, ParseJson(data));
  Fields f(doc, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(nip, f.String("nip"));
  KJ_TRY(year, YearField(f));
  if (type == FollowUpActedOn::kType) {
    KJ_TRY(action, ActionField(f));
    KJ_TRY(reference, f.String("reference"));
    return FollowUpEvent{FollowUpActedOn{nip, year, action, reference}};
  }
  KJ_TRY(predikat, PredikatField(f));
  KJ_TRY(stream, f.String("appraisalStream"));
  if (type == PembinaanRecommended::kType) {
    return FollowUpEvent{PembinaanRecommended{nip, year, predikat, stream}};
  }
  return FollowUpEvent{PenghargaanRecommended{nip, year, predikat, stream}};
}

Result<ActOnFollowUp> DecodeActOnFollowUp(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  KJ_TRY(action, ActionField(f));
  KJ_TRY(reference, f.String("reference"));
  return ActOnFollowUp{action, reference};
}

}  // namespace kinerja::domain::json

#undef KJ_TRY
