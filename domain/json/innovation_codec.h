// JSON codec of the innovation aggregate: InnovationRecorded, InnovationAcknowledged
// (domain/schemas/) and the body of POST /v1/employees/{nip}/innovations (acknowledge has none).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/innovation.h"

namespace kinerja::domain::json {

EncodedEvent EncodeInnovationEvent(const InnovationEvent& event);
Result<InnovationEvent> DecodeInnovationEvent(std::string_view type, int version,
                                              std::string_view data);
bool IsInnovationEventType(std::string_view type);
// Body: year, title, description; id chosen by the server, nip from the path.
Result<RecordInnovation> DecodeRecordInnovation(const std::string& id, const std::string& nip,
                                                const rapidjson::Value& body);

}  // namespace kinerja::domain::json
