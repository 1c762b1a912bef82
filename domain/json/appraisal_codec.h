// JSON codec of the appraisal aggregate: events (the published schema, domain/schemas/
// Appraisal*.json, Objection*.json) and the commands' request bodies (DESIGN.md §3:
// /v1/employees/{nip}/appraisals/{period}[/objection[/decision]|/accept|/finalize]).
//
// Versions: AppraisalRecorded v1 (before `predikat` was stored and per-BerAKHLAK `perilaku`
// ratings existed) is upcast on decode to v2: predikat = PredikatFor(hasilKerja, perilakuKerja),
// perilaku = {}. Encoding always writes the current version. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "domain/appraisal.h"
#include "domain/json/json_writer.h"
#include "domain/result.h"

namespace kinerja::domain::json {

EncodedEvent EncodeAppraisalEvent(const AppraisalEvent& event);
// Refuses an unknown type or a version newer than kVersion; upcasts older versions.
Result<AppraisalEvent> DecodeAppraisalEvent(std::string_view type, int version,
                                            std::string_view data);
bool IsAppraisalEventType(std::string_view type);

// Request bodies; nip and period come from the path.
Result<RecordAppraisal> DecodeRecordAppraisal(const std::string& nip, const Period& period,
                                              const rapidjson::Value& body);
Result<FileObjection> DecodeFileObjection(const rapidjson::Value& body);
Result<DecideObjection> DecodeDecideObjection(const rapidjson::Value& body);
// AcceptAppraisal and FinalizeAppraisal have no body.

}  // namespace kinerja::domain::json
