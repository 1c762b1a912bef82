#include "domain/json/exact_json.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace kinerja::domain::json {
namespace {

constexpr unsigned kFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// For a JSON number std::from_chars found out of range: true if its magnitude is at least 1
// (an overflow), false if it is below 1 (an underflow, which reads as zero).
bool MagnitudeAtLeastOne(std::string_view number) {
  size_t i = number[0] == '-' ? 1 : 0;
  long decimal_exponent = 0;  // of the first non-zero digit
  bool found = false;
  size_t int_digits = 0;
  for (; i < number.size() && IsDigit(number[i]); ++i, ++int_digits) {
    if (!found && number[i] != '0') {
      found = true;
      decimal_exponent = -static_cast<long>(int_digits);  // fixed up below with the length
    }
  }
  if (found) decimal_exponent += static_cast<long>(int_digits) - 1;
  if (i < number.size() && number[i] == '.') {
    ++i;
    for (long place = -1; i < number.size() && IsDigit(number[i]); ++i, --place) {
      if (!found && number[i] != '0') {
        found = true;
        decimal_exponent = place;
      }
    }
  }
  long exponent = 0;
  if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
    ++i;
    const bool negative = number[i] == '-';
    if (number[i] == '-' || number[i] == '+') ++i;
    for (; i < number.size() && IsDigit(number[i]); ++i) {
      if (exponent < 100000) exponent = exponent * 10 + (number[i] - '0');  // saturates
    }
    if (negative) exponent = -exponent;
  }
  return found && decimal_exponent + exponent >= 0;
}

// Forwards the reader's events to the Document's own handler, converting numbers on the way.
class ExactNumbers {
 public:
  explicit ExactNumbers(rapidjson::Document& doc) : doc_(doc) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) { return doc_.EndObject(members); }
  bool StartArray() { return doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return doc_.EndArray(elements); }

  // The reader has checked the grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool RawNumber(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    const std::string_view number(s, n);
    const bool minus = number[0] == '-';
    if (number.find_first_of(".eE") == std::string_view::npos) {
      uint64_t magnitude = 0;
      const char* first = s + (minus ? 1 : 0);
      if (std::from_chars(first, s + n, magnitude).ec == std::errc())
        return Integer(minus, magnitude);
      // Beyond 64 bits: a double, as RapidJSON makes it.
    }
    double d = 0;
    if (std::from_chars(s, s + n, d).ec == std::errc::result_out_of_range) {
      if (MagnitudeAtLeastOne(number)) {
        too_big_ = true;
        return false;
      }
      d = minus ? -0.0 : 0.0;
    }
    return doc_.Double(d);
  }

  bool too_big() const { return too_big_; }

 private:
  // RapidJSON's choice of type: Int for -2^31.., Uint up to 2^32-1, then Int64 / Uint64.
  bool Integer(bool minus, uint64_t magnitude) {
    constexpr uint64_t kInt32Magnitude = uint64_t{1} << 31;
    constexpr uint64_t kInt64Magnitude = uint64_t{1} << 63;
    if (!minus) {
      if (magnitude <= std::numeric_limits<uint32_t>::max()) {
        return doc_.Uint(static_cast<unsigned>(magnitude));
      }
      return doc_.Uint64(magnitude);
    }
    if (magnitude <= kInt32Magnitude) {
      return doc_.Int(static_cast<int>(-static_cast<int64_t>(magnitude)));
    }
    if (magnitude < kInt64Magnitude) return doc_.Int64(-static_cast<int64_t>(magnitude));
    if (magnitude == kInt64Magnitude) return doc_.Int64(std::numeric_limits<int64_t>::min());
    return doc_.Double(-static_cast<double>(magnitude));
  }

  rapidjson::Document& doc_;
  bool too_big_ = false;
};

// Document::Populate's generator: runs the reader over the text into the document.
class Generator {
 public:
  explicit Generator(std::string_view text) : text_(text) {}

  bool operator()(rapidjson::Document& doc) {
    rapidjson::MemoryStream bytes(text_.data(), text_.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(bytes);
    ExactNumbers handler(doc);
    rapidjson::Reader reader;
    result_ = reader.Parse<kFlags>(in, handler);
    if (handler.too_big()) result_.Set(rapidjson::kParseErrorNumberTooBig, result_.Offset());
    return !result_.IsError();
  }

  rapidjson::ParseResult result() const { return result_; }

 private:
  std::string_view text_;
  rapidjson::ParseResult result_;
};

}  // namespace

bool RapidJsonReadsEveryNumberExactly(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  size_t digits = 0;      // in the current run of number characters
  bool exponent = false;  // an e/E in the current run
  for (; p <= end; ++p) {
    const char c = p < end ? *p : ' ';
    if (IsDigit(c)) {
      ++digits;
    } else if (c == 'e' || c == 'E') {
      exponent = true;
    } else if (c != '.' && c != '-' && c != '+') {
      if (digits > 0 && (digits > 15 || exponent)) return false;
      digits = 0;
      exponent = false;
      if (c == '"') {
        // Jump to the closing quote (most of a document's bytes are in strings): the next quote
        // not preceded by an odd run of backslashes.
        const char* q = p + 1;
        for (;;) {
          q = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
          if (q == nullptr) return true;  // unterminated: RapidJSON reads no number after it
          size_t backslashes = 0;
          while (q - backslashes > p + 1 &&
                 q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') {
            ++backslashes;
          }
          if (backslashes % 2 == 0) break;
          ++q;
        }
        p = q;
      }
    }
  }
  return true;
}

rapidjson::ParseResult ParseNumbersWithFromChars(std::string_view text, rapidjson::Document* doc) {
  Generator generator(text);
  doc->Populate(generator);
  return generator.result();
}

rapidjson::ParseResult ParseJsonExactly(std::string_view text, rapidjson::Document* doc) {
  if (!RapidJsonReadsEveryNumberExactly(text)) return ParseNumbersWithFromChars(text, doc);
  doc->Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag>(
      text.data(), text.size());
  return rapidjson::ParseResult(doc->GetParseError(), doc->GetErrorOffset());
}

}  // namespace kinerja::domain::json
