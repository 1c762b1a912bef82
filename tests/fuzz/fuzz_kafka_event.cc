// libFuzzer target: event messages as a consumer reads them from Kafka (the relay's JSON value,
// eventstore/kafka_event_codec.h). A decoded value must encode back to a value that decodes to
// the very same event (data and metadata byte for byte), its partition key and CloudEvents
// headers are computed, and the event is decoded, upcast and folded into every read model, as a
// read replica does (tests/fuzz/event_fold.h). Also ParseKafkaTime on the whole input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/kafka_event_codec.h"
#include "tests/fuzz/event_fold.h"
#include "tests/fuzz/fuzz_check.h"

namespace es = kinerja::eventstore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  auto decoded = es::DecodeKafkaValue(value);
  if (!decoded.ok()) return 0;
  const es::RecordedEvent& e = decoded.value();
  const std::string encoded = es::EncodeKafkaValue(e);
  auto again = es::DecodeKafkaValue(encoded);
  FUZZ_CHECK(again.ok(), "an encoded value decodes: " + encoded);
  FUZZ_CHECK(again.value() == e,
             "Kafka value round trip:\n  " + std::string(value) + "\n  " + encoded);
  const auto key_value = es::EncodeKafkaKeyValue(e);
  FUZZ_CHECK(key_value.value == encoded, "EncodeKafkaKeyValue == EncodeKafkaValue");
  FUZZ_CHECK(key_value.key == es::KafkaPartitionKey(e), "one partition key");
  size_t headers = 0;
  es::ForEachKafkaHeader(e, "kinerja/pontianak",
                         [&](std::string_view, std::string_view) { ++headers; });
  FUZZ_CHECK(headers == es::KafkaHeaders(e, "kinerja/pontianak").size(), "same headers");
  kinerja::fuzz::EventFolder folder;
  folder.Apply(e);
  return 0;
}
