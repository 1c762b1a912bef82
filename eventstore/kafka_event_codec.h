// The Kafka message format of the relay (see eventstore/README.md, "Kafka"): the partition key,
// the JSON value (the full event envelope) and the CloudEvents binary-mode headers of one
// RecordedEvent, and the decoder consumers use to get the exact RecordedEvent back (byte-exact
// data and metadata, so the hash chain can be re-verified downstream).
// Thread-safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eventstore/status.h"
#include "eventstore/types.h"

namespace kinerja::eventstore {

// The message key: metadata's string member "partitionKey" (the API sets the pegawai NIP or the
// unit id) or, when metadata has none (or is not a JSON object), the stream name.
std::string KafkaPartitionKey(const RecordedEvent& e);

// The message value: one compact JSON object, members in this order:
//   position, stream, streamVersion, id, type, schemaVersion, recordedAt (RFC 3339 UTC with
//   microseconds, "2025-11-28T01:02:03.000456Z"), actor, correlationId, causationId,
//   data, metadata, prevHash, hash
// data/metadata are the stored JSON text copied verbatim (so usually objects); an empty text is
// `null`; a text that is not valid JSON is a JSON string and then "dataIsText": true /
// "metadataIsText": true follow hash.
std::string EncodeKafkaValue(const RecordedEvent& e);

// Key and value at once (the metadata is parsed once): what the relay sends.
struct KafkaKeyValue {
  std::string key;
  std::string value;
};
KafkaKeyValue EncodeKafkaKeyValue(const RecordedEvent& e);

// Inverse of EncodeKafkaValue: every field, data and metadata byte for byte as stored.
// kInvalidArgument on anything that is not such a value.
Result<RecordedEvent> DecodeKafkaValue(std::string_view value);

// The headers, in this order: ce_specversion "1.0", ce_id, ce_source, ce_type, ce_time
// (= recordedAt), ce_subject (= stream), content-type "application/json", kinerja_position
// (decimal), kinerja_hash (hex).
std::vector<std::pair<std::string, std::string>> KafkaHeaders(const RecordedEvent& e,
                                                              std::string_view source);
// The same headers, in the same order, without building a vector (what the relay uses).
void ForEachKafkaHeader(const RecordedEvent& e, std::string_view source,
                        const std::function<void(std::string_view, std::string_view)>& add);

// Microseconds since the epoch <-> "YYYY-MM-DDTHH:MM:SS.ffffffZ". Parsing accepts exactly
// that shape (what FormatKafkaTime writes); false otherwise.
std::string FormatKafkaTime(int64_t micros);
bool ParseKafkaTime(std::string_view text, int64_t* micros);

}  // namespace kinerja::eventstore
