// JSON codec of the follow-up aggregate: PembinaanRecommended, PenghargaanRecommended,
// FollowUpActedOn (domain/schemas/), and an ActOnFollowUp body ({action, reference}) for callers
// that expose it. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/follow_up.h"

namespace kinerja::domain::json {

EncodedEvent EncodeFollowUpEvent(const FollowUpEvent& event);
Result<FollowUpEvent> DecodeFollowUpEvent(std::string_view type, int version,
                                          std::string_view data);
bool IsFollowUpEventType(std::string_view type);
Result<ActOnFollowUp> DecodeActOnFollowUp(const rapidjson::Value& body);

}  // namespace kinerja::domain::json
