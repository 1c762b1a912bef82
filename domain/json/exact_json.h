#pragma once
// Parses JSON text into a rapidjson::Document the way Document::Parse with
// kParseValidateEncodingFlag | kParseFullPrecisionFlag would, but converts every number itself.
//
// Why: RapidJSON 1.1.0's full-precision number conversion (internal/strtod.h) has undefined
// behaviour on inputs anyone can send, all found by tests/fuzz: a zero significand reaches
// clz(0) ("0." + 23 zeros, "0.0e300"), a significand of 18446744073709551615 rounds up and wraps
// to 0 ("184467440737095516158"), and a tiny number with hundreds of leading zeros computes its
// cached power of ten with a signed overflow and an out-of-range index; in between it misreads
// values ("0e308" as 1.9e289). Its normal-precision conversion is not exact ("0.30000000000000004"
// comes back one ulp off). So the reader hands numbers over as text and std::from_chars, which is
// correctly rounded and locale-independent, converts them. The value types stay RapidJSON's:
// Int/Uint for 32-bit integers, Int64/Uint64 for 64-bit ones, Double for the rest.
//
// That costs about three times a plain parse, so a text whose numbers all have at most 15 digits
// and no exponent (every event and request kinerja writes) is parsed by RapidJSON directly: for
// those, its full-precision parser never reaches strtod.h's slow path. An integer is read as an
// integer; a decimal with at most 15 digits is an integer below 2^53 divided by an exact power of
// ten of at most 10^15 (StrtodFast), one correctly rounded IEEE division.
#include <rapidjson/document.h>
#include <rapidjson/error/error.h>

#include <string_view>

namespace kinerja::domain::json {

// On success *doc holds the value; on failure *doc is left as it was and the result carries
// RapidJSON's error code and offset (a number beyond ±DBL_MAX is kParseErrorNumberTooBig).
rapidjson::ParseResult ParseJsonExactly(std::string_view text, rapidjson::Document* doc);

// The two halves, for tests. RapidJsonReadsEveryNumberExactly: outside strings, no run of number
// characters ([0-9.eE+-]) with a digit has more than 15 digits or an e/E. Conservative: every
// number RapidJSON parses lies within such a run, whatever comes before or after it.
bool RapidJsonReadsEveryNumberExactly(std::string_view text);
rapidjson::ParseResult ParseNumbersWithFromChars(std::string_view text, rapidjson::Document* doc);

}  // namespace kinerja::domain::json
