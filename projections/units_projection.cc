#include "projections/units_projection.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/date.h"
#include "domain/json/unit_codec.h"
#include "domain/overloaded.h"

namespace kinerja::projections {

std::string EncodeUnitView(const UnitView& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const std::string& s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartObject();
  w.Key("id");
  str(v.id);
  w.Key("name");
  str(v.name);
  if (v.parent_id) {
    w.Key("parentId");
    str(*v.parent_id);
  }
  w.Key("predikat");
  w.StartObject();
  for (const auto& [year, predikat] : v.predikat_by_year) {
    str(std::to_string(year));
    str(predikat);
  }
  w.EndObject();
  w.Key("registeredAt");
  str(v.registered_at);
  w.Key("position");
  w.Uint64(v.position);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::optional<UnitView> DecodeUnitView(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject()) return std::nullopt;
  auto get_str = [&d](const char* k, std::string* out) {
    auto it = d.FindMember(k);
    if (it == d.MemberEnd() || !it->value.IsString()) return false;
    out->assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  };
  UnitView v;
  if (!get_str("id", &v.id) || !get_str("name", &v.name) ||
      !get_str("registeredAt", &v.registered_at)) {
    return std::nullopt;
  }
  std::string parent;
  if (get_str("parentId", &parent)) v.parent_id = parent;
  auto pos = d.FindMember("position");
  if (pos == d.MemberEnd() || !pos->value.IsUint64()) return std::nullopt;
  v.position = pos->value.GetUint64();
  auto pred = d.FindMember("predikat");
  if (pred == d.MemberEnd() || !pred->value.IsObject()) return std::nullopt;
  for (auto it = pred->value.MemberBegin(); it != pred->value.MemberEnd(); ++it) {
    if (!it->value.IsString()) return std::nullopt;
    int year = 0;
    try {
      year = std::stoi(std::string(it->name.GetString(), it->name.GetStringLength()));
    } catch (...) {
      return std::nullopt;
    }
    v.predikat_by_year[year] = std::string(it->value.GetString(), it->value.GetStringLength());
  }
  return v;
}

FoldStatus UnitsProjection::Apply(const eventstore::RecordedEvent& e, DocumentView& view) const {
  if (!domain::json::IsUnitEventType(e.type)) return FoldStatus::Ok();
  auto decoded = domain::json::DecodeUnitEvent(e.type, static_cast<int>(e.schema_version), e.data);
  if (!decoded.ok()) {
    return FoldStatus::Poison(decoded.error().code + ": " + decoded.error().message_en);
  }
  return std::visit(
      domain::Overloaded{
          [&](const domain::UnitRegistered& r) -> FoldStatus {
            UnitView v;
            if (auto existing = view.Get(UnitKey(r.id))) {
              auto old = DecodeUnitView(*existing);
              if (!old) return FoldStatus::Poison("stored unit document does not decode");
              v = *old;
              if (v.parent_id) view.Delete(ChildPrefix(*v.parent_id) + r.id);
            } else {
              v.registered_at = domain::Timestamp{e.recorded_at}.ToRfc3339();
            }
            v.id = r.id;
            v.name = r.name;
            v.parent_id = r.parent_id;
            v.position = e.position;
            view.Put(UnitKey(r.id), EncodeUnitView(v));
            if (r.parent_id) view.Put(ChildPrefix(*r.parent_id) + r.id, "");
            return FoldStatus::Ok();
          },
          [&](const domain::OrganisationPredikatSet& p) -> FoldStatus {
            auto existing = view.Get(UnitKey(p.unit_id));
            if (!existing) return FoldStatus::Poison("predikat for unknown unit " + p.unit_id);
            auto v = DecodeUnitView(*existing);
            if (!v) return FoldStatus::Poison("stored unit document does not decode");
            v->predikat_by_year[p.year] = domain::ToString(p.predikat);
            v->position = e.position;
            view.Put(UnitKey(p.unit_id), EncodeUnitView(*v));
            return FoldStatus::Ok();
          },
      },
      decoded.value());
}

}  // namespace kinerja::projections
