#include "domain/json/unit_codec.h"

#include "domain/json/json_fields.h"
#include "domain/json/unknown_event.h"
#include "domain/overloaded.h"
#include "domain/period.h"

namespace kinerja::domain::json {
namespace {

Result<UnitEvent> DecodeUnitRegistered(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto id = f.String("id");
  if (!id.ok()) return id.error();
  auto name = f.String("name");
  if (!name.ok()) return name.error();
  auto parent = f.OptString("parentId");
  if (!parent.ok()) return parent.error();
  return UnitEvent{UnitRegistered{id.value(), name.value(), parent.value()}};
}

Result<UnitEvent> DecodeOrganisationPredikatSet(const rapidjson::Value& v) {
  Fields f(v, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto unit = f.String("unitId");
  if (!unit.ok()) return unit.error();
  auto year = f.Int("year");
  if (!year.ok()) return year.error();
  auto text = f.String("predikat");
  if (!text.ok()) return text.error();
  auto predikat = ParseOrgPredikat(text.value());
  if (!predikat.ok()) return predikat.error();
  return UnitEvent{
      OrganisationPredikatSet{unit.value(), static_cast<int>(year.value()), predikat.value()}};
}

}  // namespace

bool IsUnitEventType(std::string_view type) {
  return type == UnitRegistered::kType || type == OrganisationPredikatSet::kType;
}

EncodedEvent EncodeUnitEvent(const UnitEvent& event) {
  return std::visit(
      Overloaded{
          [](const UnitRegistered& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "id", e.id);
                                  Put(w, "name", e.name);
                                  Put(w, "parentId", e.parent_id);
                                })};
          },
          [](const OrganisationPredikatSet& e) {
            return EncodedEvent{e.kType, e.kVersion, WriteObject([&](Writer& w) {
                                  Put(w, "unitId", e.unit_id);
                                  Put(w, "year", e.year);
                                  Put(w, "predikat", ToString(e.predikat));
                                })};
          },
      },
      event);
}

Result<UnitEvent> DecodeUnitEvent(std::string_view type, int version, std::string_view data) {
  auto doc = ParseJson(data);
  if (!doc.ok()) return doc.error();
  if (type == UnitRegistered::kType) {
    if (version < 1 || version > UnitRegistered::kVersion) {
      return UnsupportedEventVersion(type, version);
    }
    return DecodeUnitRegistered(doc.value());
  }
  if (type == OrganisationPredikatSet::kType) {
    if (version < 1 || version > OrganisationPredikatSet::kVersion) {
      return UnsupportedEventVersion(type, version);
    }
    return DecodeOrganisationPredikatSet(doc.value());
  }
  return UnknownEventType(type);
}

Result<RegisterUnit> DecodeRegisterUnit(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto id = f.String("id");
  if (!id.ok()) return id.error();
  auto name = f.String("name");
  if (!name.ok()) return name.error();
  auto parent = f.OptString("parentId");
  if (!parent.ok()) return parent.error();
  return RegisterUnit{id.value(), name.value(), parent.value()};
}

Result<SetOrganisationPredikat> DecodeSetOrganisationPredikat(const rapidjson::Value& body) {
  Fields f(body, "");
  if (auto s = f.RequireObject(); !s.ok()) return s.error();
  auto year = f.Int("year");
  if (!year.ok()) return year.error();
  auto text = f.String("predikat");
  if (!text.ok()) return text.error();
  auto predikat = ParseOrgPredikat(text.value());
  if (!predikat.ok()) return predikat.error();
  if (auto s = CheckYear(static_cast<int>(year.value())); !s.ok()) return s.error();
  return SetOrganisationPredikat{static_cast<int>(year.value()), predikat.value()};
}

}  // namespace kinerja::domain::json
