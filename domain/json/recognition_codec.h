// JSON codec of the recognition aggregate: RecognitionGranted (domain/schemas/) and the body of
// POST /v1/employees/{nip}/recognitions. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/recognition.h"

namespace kinerja::domain::json {

EncodedEvent EncodeRecognitionEvent(const RecognitionEvent& event);
Result<RecognitionEvent> DecodeRecognitionEvent(std::string_view type, int version,
                                                std::string_view data);
bool IsRecognitionEventType(std::string_view type);
// Body: year, title, reason, followUpYear?; nip from the path.
Result<GrantRecognition> DecodeGrantRecognition(const std::string& nip,
                                                const rapidjson::Value& body);

}  // namespace kinerja::domain::json
