// JSON codec of the pegawai aggregate: events (the published schema,
// domain/schemas/EmployeeRegistered.v1.json, AssignmentChanged.v1.json) and the commands' request
// bodies (DESIGN.md §3: POST /v1/employees, /v1/employees/{nip}/assignment). Field names are the
// camelCase of DESIGN.md §3. Follows domain/json/unit_codec.h. Pure; thread-safe.
#pragma once

#include <string_view>

#include <rapidjson/document.h>

#include "domain/json/json_writer.h"
#include "domain/pegawai.h"
#include "domain/result.h"

namespace kinerja::domain::json {

EncodedEvent EncodePegawaiEvent(const PegawaiEvent& event);
// Refuses an unknown type or a version newer than kVersion.
Result<PegawaiEvent> DecodePegawaiEvent(std::string_view type, int version, std::string_view data);
bool IsPegawaiEventType(std::string_view type);

// {nip, name, unitId, jabatan, jenisJabatan, golongan?, supervisorNip?, status, effectiveDate?}
Result<RegisterEmployee> DecodeRegisterEmployee(const rapidjson::Value& body);
// The nip comes from the path. {unitId?, jabatan?, jenisJabatan?, golongan?, supervisorNip?,
// effectiveDate}; "supervisorNip": null removes the pejabat penilai from effectiveDate on.
Result<ChangeAssignment> DecodeChangeAssignment(const rapidjson::Value& body);

}  // namespace kinerja::domain::json
