// JSON codec of the SKP (work plan) aggregate: events (the published schema,
// domain/schemas/WorkPlan*.v1.json, ProgressRecorded.v1.json, FeedbackGiven.v1.json) and the
// commands' request bodies (DESIGN.md §3: /v1/employees/{nip}/work-plans/{year}[/approve|/return|
// /progress|/feedback]). nip and year come from the path. A plan is written as
// {"rhk": [{id, kind, description, parentRhkId?, indikator: [{aspect, description, target, unit}]}],
//  "perilaku": {berakhlak key: ekspektasi khusus}} both in bodies and in events.
// Follows domain/json/unit_codec.h. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/result.h"
#include "domain/skp.h"

namespace kinerja::domain::json {

EncodedEvent EncodeSkpEvent(const SkpEvent& event);
// Refuses an unknown type or a version newer than kVersion.
Result<SkpEvent> DecodeSkpEvent(std::string_view type, int version, std::string_view data);
bool IsSkpEventType(std::string_view type);

// POST .../work-plans/{year}: {rhk, perilaku?, draft?}. With "draft": true a SaveWorkPlanDraft,
// otherwise a SubmitWorkPlan. Unknown perilaku keys are kept so that Decide refuses them by name.
Result<SkpCommand> DecodeWorkPlanBody(const std::string& nip, int year,
                                      const rapidjson::Value& body);
// POST .../approve has no body.
ApproveWorkPlan MakeApproveWorkPlan(const std::string& nip, int year);
Result<ReturnWorkPlan> DecodeReturnWorkPlan(const std::string& nip, int year,
                                            const rapidjson::Value& body);  // {notes}
// {period, rhkId, indikatorIndex, realisasi, note?, evidence?}
Result<RecordProgress> DecodeRecordProgress(const std::string& nip, int year,
                                            const rapidjson::Value& body);
// {period, rhkId?, text}
Result<GiveFeedback> DecodeGiveFeedback(const std::string& nip, int year,
                                        const rapidjson::Value& body);

}  // namespace kinerja::domain::json
