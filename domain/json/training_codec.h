// JSON codec of the training aggregate: events (domain/schemas/Training*.json) and the request
// bodies of POST /v1/trainings, /v1/trainings/{id}/complete, /v1/trainings/{id}/cancel.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/training.h"

namespace kinerja::domain::json {

EncodedEvent EncodeTrainingEvent(const TrainingEvent& event);
Result<TrainingEvent> DecodeTrainingEvent(std::string_view type, int version,
                                          std::string_view data);
bool IsTrainingEventType(std::string_view type);

// `id` is chosen by the server (a UUID); the body holds nip, title, kind, jp, startDate, endDate,
// reason?, followUpYear?.
Result<AssignTraining> DecodeAssignTraining(const std::string& id, const rapidjson::Value& body);
Result<CompleteTraining> DecodeCompleteTraining(const rapidjson::Value& body);
Result<CancelTraining> DecodeCancelTraining(const rapidjson::Value& body);

}  // namespace kinerja::domain::json
