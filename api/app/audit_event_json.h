// The JSON of one recorded event with its whole envelope, as the audit API answers it:
// {position, stream, streamVersion, id, type, schemaVersion, recordedAt (RFC 3339 UTC with
//  microseconds), actor, correlationId, causationId, data (the event's JSON object), metadata
//  (JSON object; {} when none was stored), prevHash, hash}.
// Stored bytes that are not valid JSON (only possible when the store was altered) are not
// inserted raw: "data"/"metadata" become null and the bytes appear as the string
// "dataText"/"metadataText", so the answer stays valid JSON and shows what is stored.
// Thread-safety: pure functions.
#pragma once

#include "api/http/json.h"
#include "eventstore/types.h"

namespace kinerja::app {

void WriteEventEnvelope(http::JsonWriter& w, const eventstore::RecordedEvent& e);

}  // namespace kinerja::app
