// JSON codec of the unit aggregate: events (the published schema, domain/schemas/Unit*.json) and
// the commands' request bodies (DESIGN.md §3: POST /v1/units, /v1/units/{id}/organisation-predikat).
// The pattern every <aggregate>_codec.h follows. Pure; thread-safe.
#pragma once

#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/unit.h"

namespace kinerja::domain::json {

EncodedEvent EncodeUnitEvent(const UnitEvent& event);
// Refuses an unknown type or a version newer than kVersion; upcasts older versions.
Result<UnitEvent> DecodeUnitEvent(std::string_view type, int version, std::string_view data);
bool IsUnitEventType(std::string_view type);

// Request bodies. `body` is the parsed JSON document of the request.
Result<RegisterUnit> DecodeRegisterUnit(const rapidjson::Value& body);
// The unit id comes from the path; year and predikat from the body.
Result<SetOrganisationPredikat> DecodeSetOrganisationPredikat(const rapidjson::Value& body);

}  // namespace kinerja::domain::json
