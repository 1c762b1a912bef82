// JSON codec of the disciplinary-action aggregate: DisciplinaryActionRecorded (domain/schemas/)
// and the body of POST /v1/employees/{nip}/disciplinary-actions. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/discipline.h"

namespace kinerja::domain::json {

EncodedEvent EncodeDisciplineEvent(const DisciplineEvent& event);
Result<DisciplineEvent> DecodeDisciplineEvent(std::string_view type, int version,
                                              std::string_view data);
bool IsDisciplineEventType(std::string_view type);
// Body: level, type, decidedOn, reason; nip from the path.
Result<RecordDisciplinaryAction> DecodeRecordDisciplinaryAction(const std::string& nip,
                                                                const rapidjson::Value& body);

}  // namespace kinerja::domain::json
