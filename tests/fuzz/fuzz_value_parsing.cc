// libFuzzer target: the value parsers every path, query and body goes through — NIP / NI,
// period, year, date, RFC 3339 instants, enum spellings (rating, predikat, jenis jabatan,
// golongan, status, role), free text checks, UUIDs, the Kafka time format, percent-decoding,
// base64url, the audit ?asOf= / time / integer parameters and the JSON edge helpers.
//
// Input: the first byte selects the parser ('A'.. in the order of kParsers; any other byte picks
// by value modulo the count), the rest is the text. Besides "no crash, no UB", every accepted
// value must survive a round trip through its canonical spelling.
#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/app/audit_params.h"
#include "api/http/base64url.h"
#include "api/http/json.h"
#include "api/http/jwt.h"
#include "api/http/route.h"
#include "domain/date.h"
#include "domain/jabatan.h"
#include "domain/json/json_fields.h"
#include "domain/nip.h"
#include "domain/period.h"
#include "domain/rating.h"
#include "domain/text.h"
#include "eventstore/kafka_event_codec.h"
#include "eventstore/uuid.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace d = kinerja::domain;
namespace es = kinerja::eventstore;
namespace http = kinerja::http;
using std::string_view;

void Nip(string_view s) {
  for (auto status : {d::EmployeeStatus::kPns, d::EmployeeStatus::kPppk}) {
    auto nip = d::Nip::Parse(s, status);
    if (!nip.ok()) continue;
    FUZZ_CHECK(nip.value().str() == s, "a NIP is kept as given");
    FUZZ_CHECK(d::Nip::ParseAny(s).ok(), "ParseAny accepts what Parse accepted");
    const int month = nip.value().tmt_month();
    FUZZ_CHECK((month >= 1 && month <= 12) || month == 21, "TMT month in range");
    FUZZ_CHECK(nip.value().sequence() >= 1 && nip.value().sequence() <= 999, "sequence");
  }
  (void)d::ParseEmployeeStatus(s);
}

void PeriodAndYear(string_view s) {
  auto p = d::Period::Parse(s);
  if (p.ok()) {
    const std::string canonical = p.value().ToString();
    auto again = d::Period::Parse(canonical);
    FUZZ_CHECK(again.ok() && again.value() == p.value(), "period round trip: " + canonical);
    FUZZ_CHECK(p.value().first_day() <= p.value().last_day(), "period days in order");
    FUZZ_CHECK(p.value().Contains(p.value().first_day()), "period contains its first day");
  }
  auto y = d::ParseYear(s);
  if (y.ok()) {
    FUZZ_CHECK(y.value() >= 2000 && y.value() <= 2100, "year in range");
    FUZZ_CHECK(d::CheckYear(y.value()).ok(), "a parsed year passes CheckYear");
  }
}

void DateValue(string_view s) {
  auto date = d::Date::Parse(s);
  if (!date.ok()) return;
  FUZZ_CHECK(date.value().ToString() == s, "a date is written back as given");
  d::Date ymd;
  FUZZ_CHECK(
      d::Date::FromYmd(date.value().year(), date.value().month(), date.value().day(), &ymd) &&
          ymd == date.value(),
      "y-m-d round trip");
  (void)date.value().AddYears(1).ToString();
  (void)date.value().AddYears(-1).ToString();
}

void Instant(string_view s) {
  auto t = d::Timestamp::ParseRfc3339(s);
  if (t.ok()) {
    const std::string text = t.value().ToRfc3339();
    auto again = d::Timestamp::ParseRfc3339(text);
    FUZZ_CHECK(again.ok() && again.value() == t.value(), "instant round trip: " + text);
    (void)t.value().date().ToString();
  }
  int64_t micros = 0;
  if (es::ParseKafkaTime(s, &micros)) {
    FUZZ_CHECK(es::FormatKafkaTime(micros) == s, "Kafka time is written back as given");
  }
  auto param = kinerja::app::ParseTimeParam("at", std::string(s));
  if (param.ok() && t.ok()) FUZZ_CHECK(param.value() == t.value().micros, "time param == RFC 3339");
}

void Enums(string_view s) {
  if (auto r = d::ParseRating(s); r.ok()) FUZZ_CHECK(d::ToString(r.value()) == s, "rating");
  if (auto r = d::ParsePredikat(s); r.ok()) FUZZ_CHECK(d::ToString(r.value()) == s, "predikat");
  if (auto r = d::ParseOrgPredikat(s); r.ok()) FUZZ_CHECK(d::ToString(r.value()) == s, "org");
  if (auto r = d::ParseJenisJabatan(s); r.ok()) FUZZ_CHECK(d::ToString(r.value()) == s, "jabatan");
  if (auto g = d::Golongan::Parse(s); g.ok()) {
    FUZZ_CHECK(g.value().rank() >= 0 && g.value().rank() <= 16, "golongan rank");
    auto again = d::Golongan::Parse(g.value().str());
    FUZZ_CHECK(again.ok() && again.value() == g.value(), "golongan round trip");
  }
  if (auto role = http::ParseRole(s)) FUZZ_CHECK(http::RoleName(*role) == s, "role");
}

void Text(string_view s) {
  const std::string text(s);
  (void)d::CheckText("text", text, 0, 64);
  (void)d::CheckText("text", text, 1, 4000);
}

void Uuid(string_view s) {
  std::string out;
  if (es::NormalizeUuid(s, &out)) {
    FUZZ_CHECK(out.size() == 36, "UUID length");
    std::string again;
    FUZZ_CHECK(es::NormalizeUuid(out, &again) && again == out, "UUID normal form is stable");
  }
}

void Percent(string_view s) {
  for (bool plus : {false, true}) {
    auto decoded = http::PercentDecode(s, plus);
    if (decoded) FUZZ_CHECK(decoded->size() <= s.size(), "decoding never grows the text");
  }
}

void Base64(string_view s) {
  auto decoded = http::Base64UrlDecode(s);
  if (!decoded) return;
  FUZZ_CHECK(http::Base64UrlEncode(*decoded) == s, "base64url round trip");
}

void AuditParams(string_view s) {
  (void)kinerja::app::ParseAsOfParam(std::string(s));
  auto n = kinerja::app::ParseUintParam("limit", std::string(s), 100, 1, 1000);
  if (n.ok()) FUZZ_CHECK(n.value() >= 1 && n.value() <= 1000, "limit in range");
}

void JsonEdge(string_view s) {
  (void)http::JsonDepth(s, 64);
  const bool utf8 = http::IsValidUtf8(s);
  const std::string escaped = "\"" + http::JsonEscape(s) + "\"";
  FUZZ_CHECK(http::IsValidUtf8(escaped), "JsonEscape writes UTF-8");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(escaped.data(), escaped.size());
  FUZZ_CHECK(!doc.HasParseError() && doc.IsString(), "JsonEscape writes a JSON string");
  if (utf8) {
    FUZZ_CHECK(string_view(doc.GetString(), doc.GetStringLength()) == s,
               "valid UTF-8 is escaped losslessly");
  }
  auto body = http::ParseJsonBody(s);
  auto event = d::json::ParseJson(s);
  (void)body;
  (void)event;
}

using Parser = void (*)(string_view);
constexpr Parser kParsers[] = {Nip,  PeriodAndYear, DateValue, Instant,     Enums,   Text,
                               Uuid, Percent,       Base64,    AuditParams, JsonEdge};
constexpr size_t kCount = sizeof kParsers / sizeof kParsers[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto in = kinerja::fuzz::Select(data, size);
  if (size == 0) return 0;
  const unsigned letter = in.selector - 'A';
  kParsers[letter < kCount ? letter : in.selector % kCount](in.payload);
  return 0;
}
