// ParseJsonExactly (domain/json/exact_json.h): RapidJSON's grammar, errors and value types, with
// numbers converted by std::from_chars instead of RapidJSON 1.1.0's full-precision strtod, which
// has undefined behaviour on the inputs below
// (tests/fuzz/regressions/fuzz_value_parsing/rapidjson-*).
#include "domain/json/exact_json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace kinerja::domain::json {
namespace {

rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document doc;
  const rapidjson::ParseResult r = ParseJsonExactly(text, &doc);
  EXPECT_FALSE(r.IsError()) << text << " error " << r.Code() << " at " << r.Offset();
  return doc;
}

double ParseOne(const std::string& number) {
  const rapidjson::Document doc = Parse("[" + number + "]");
  if (!doc.IsArray() || doc.Size() != 1 || !doc[0].IsDouble()) {
    ADD_FAILURE() << number << " did not parse into a double";
    return std::nan("");
  }
  return doc[0].GetDouble();
}

// glibc's strtod is correctly rounded too: the reference the parser must agree with bit for bit.
double Strtod(const std::string& number) { return std::strtod(number.c_str(), nullptr); }

TEST(ExactJsonTest, IntegersKeepRapidJsonsTypes) {
  const rapidjson::Document doc = Parse(
      "[0, -0, 7, -7, 2147483647, -2147483648, 4294967295, 4294967296, -2147483649,"
      " 9223372036854775807, -9223372036854775808, 18446744073709551615,"
      " 18446744073709551616, -9223372036854775809]");
  ASSERT_TRUE(doc.IsArray());
  EXPECT_TRUE(doc[0].IsUint() && doc[0].GetUint() == 0u);
  EXPECT_TRUE(doc[1].IsInt() && doc[1].GetInt() == 0);
  EXPECT_TRUE(doc[2].IsUint() && doc[2].IsInt() && doc[2].GetInt() == 7);
  EXPECT_TRUE(doc[3].IsInt() && doc[3].GetInt() == -7);
  EXPECT_TRUE(doc[4].IsInt() && doc[4].GetInt() == 2147483647);
  EXPECT_TRUE(doc[5].IsInt() && doc[5].GetInt() == std::numeric_limits<int32_t>::min());
  EXPECT_TRUE(doc[6].IsUint() && !doc[6].IsInt() && doc[6].GetUint() == 4294967295u);
  EXPECT_TRUE(doc[7].IsUint64() && !doc[7].IsUint() && doc[7].GetUint64() == 4294967296u);
  EXPECT_TRUE(doc[8].IsInt64() && !doc[8].IsInt() && doc[8].GetInt64() == -2147483649LL);
  EXPECT_TRUE(doc[9].IsInt64() && doc[9].GetInt64() == std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(doc[10].IsInt64() && doc[10].GetInt64() == std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(doc[11].IsUint64() && doc[11].GetUint64() == std::numeric_limits<uint64_t>::max());
  // Beyond 64 bits an integer becomes a double, as in RapidJSON.
  EXPECT_TRUE(doc[12].IsDouble() && doc[12].GetDouble() == 18446744073709551616.0);
  EXPECT_TRUE(doc[13].IsDouble() && doc[13].GetDouble() == -9223372036854775809.0);
}

TEST(ExactJsonTest, SameTreeAsRapidJson) {
  const std::string text =
      R"({"a":[1,2.5,{"b":null,"c":true,"d":false}],"e":"x\u00e9\"y","f":{},"g":[],"h":-1e-3})";
  rapidjson::Document ours;
  ASSERT_FALSE(ParseJsonExactly(text, &ours).IsError());
  rapidjson::Document theirs;
  theirs.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag>(
      text.data(), text.size());
  ASSERT_FALSE(theirs.HasParseError());
  EXPECT_TRUE(ours == theirs);
  EXPECT_EQ(std::string(ours["e"].GetString()), "x\xc3\xa9\"y");
}

TEST(ExactJsonTest, DoublesAreCorrectlyRounded) {
  // RapidJSON's normal precision reads the first one 1 ulp off; the rest are ordinary.
  for (const std::string& n : std::vector<std::string>{
           "0.30000000000000004", "0.1", "2.5", "-97.25", "1e-3", "123456789012345678901234567890",
           "1.7976931348623157e308", "4.9406564584124654e-324", "1e-320", "2.2250738585072014e-308",
           "0.000000000000000000000000000001", "3.141592653589793238462643383279", "0.00001e312"}) {
    EXPECT_EQ(ParseOne(n), Strtod(n)) << n;
  }
}

// Each of these made RapidJSON 1.1.0's full-precision conversion execute undefined behaviour
// (found by tests/fuzz): clz(0) on a zero significand, a significand wrapping from 2^64-1 to 0 on
// rounding, a signed overflow and out-of-range table index for a tiny number.
TEST(ExactJsonTest, NumbersThatBrokeRapidJsonReadExactly) {
  const std::string zeros400(400, '0');
  for (const std::string& n : std::vector<std::string>{
           "0." + std::string(23, '0'), "0." + zeros400, "0e308", "-0e300", "0.0e300", "0E+300",
           "0.0000000000000000000e-5", "18446744073709551615844", "184467440737095516158",
           "1844674407.37095516158", "0.000000000000000000000000000018446744073709551615999",
           "0." + zeros400 + "1", "0." + std::string(330, '0') + "1",
           "0." + std::string(300, '0') + "123456789012345678901234", "1e-400", "-1e-400"}) {
    EXPECT_EQ(ParseOne(n), Strtod(n)) << n;
  }
  EXPECT_TRUE(std::signbit(ParseOne("-1e-400")));
  EXPECT_TRUE(std::signbit(ParseOne("-0.0")));
}

TEST(ExactJsonTest, ErrorsAreRapidJsons) {
  rapidjson::Document doc;
  doc.SetObject();  // a failed parse leaves the document as it was
  rapidjson::ParseResult r = ParseJsonExactly("[1,", &doc);
  EXPECT_EQ(r.Code(), rapidjson::kParseErrorValueInvalid);
  EXPECT_EQ(r.Offset(), 3u);
  EXPECT_TRUE(doc.IsObject());
  EXPECT_EQ(ParseJsonExactly("[1.]", &doc).Code(), rapidjson::kParseErrorNumberMissFraction);
  EXPECT_EQ(ParseJsonExactly("[1e]", &doc).Code(), rapidjson::kParseErrorNumberMissExponent);
  EXPECT_EQ(ParseJsonExactly("{\"a\" 1}", &doc).Code(), rapidjson::kParseErrorObjectMissColon);
  EXPECT_EQ(ParseJsonExactly("[\"\xff\"]", &doc).Code(),
            rapidjson::kParseErrorStringInvalidEncoding);
  EXPECT_EQ(ParseJsonExactly("[1] 2", &doc).Code(), rapidjson::kParseErrorDocumentRootNotSingular);
  EXPECT_EQ(ParseJsonExactly("", &doc).Code(), rapidjson::kParseErrorDocumentEmpty);
  // Too big for a double: RapidJSON's own checks, and ours for what gets past them.
  EXPECT_EQ(ParseJsonExactly("[1e309]", &doc).Code(), rapidjson::kParseErrorNumberTooBig);
  EXPECT_EQ(ParseJsonExactly("[-1" + std::string(400, '0') + "]", &doc).Code(),
            rapidjson::kParseErrorNumberTooBig);
  EXPECT_EQ(ParseJsonExactly("[17976931348623159e292]", &doc).Code(),
            rapidjson::kParseErrorNumberTooBig);
  EXPECT_EQ(ParseJsonExactly("[1.8e308]", &doc).Code(), rapidjson::kParseErrorNumberTooBig);
  EXPECT_TRUE(doc.IsObject());
}

// Which texts the fast path takes: numbers outside strings with at most 15 digits, no exponent.
TEST(ExactJsonTest, FastPathOnlyForShortPlainNumbers) {
  EXPECT_TRUE(RapidJsonReadsEveryNumberExactly(
      R"({"a":123456789012345,"b":-0.5,"c":[true,false,null],"d":"1e5 12345678901234567"})"));
  EXPECT_TRUE(RapidJsonReadsEveryNumberExactly("{\"e\\\"1e5\":1}"));  // escaped quote
  EXPECT_TRUE(RapidJsonReadsEveryNumberExactly(""));
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("[1e5]"));
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("[1E-5]"));
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("[1234567890123456]"));
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("[0.000000000000001]"));  // leading zeros count
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("{\"a\":\"x\",\"b\":12345678.12345678}"));
  // A number glued to garbage is judged with it: the whole run counts.
  EXPECT_FALSE(RapidJsonReadsEveryNumberExactly("[0.0000000-00000001]"));
}

// Every number's type and exact bits, depth first, for comparing two parses.
void Dump(const rapidjson::Value& v, std::string* out) {
  if (v.IsObject()) {
    *out += '{';
    for (const auto& m : v.GetObject()) {
      *out += m.name.GetString();
      *out += ':';
      Dump(m.value, out);
    }
    *out += '}';
  } else if (v.IsArray()) {
    *out += '[';
    for (const auto& e : v.GetArray()) Dump(e, out);
    *out += ']';
  } else if (v.IsNumber()) {
    *out += v.IsInt() ? 'i' : '-';
    *out += v.IsUint() ? 'u' : '-';
    *out += v.IsInt64() ? 'I' : '-';
    *out += v.IsUint64() ? 'U' : '-';
    *out += v.IsDouble() ? 'd' : '-';
    const double d = v.GetDouble();
    uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof bits);
    *out += std::to_string(bits) + ",";
  } else if (v.IsString()) {
    *out += '"' + std::string(v.GetString(), v.GetStringLength()) + '"';
  } else {
    *out += std::to_string(static_cast<int>(v.GetType())) + ",";
  }
}

// Random numbers of every shape: the fast path (RapidJSON) and std::from_chars give the same
// tree, bit for bit, wherever the fast path is taken; and from_chars agrees with glibc's strtod.
TEST(ExactJsonTest, BothPathsAgreeOnRandomNumbers) {
  std::mt19937_64 rng(20261206);
  auto digits = [&](int n, bool first_nonzero) {
    std::string d;
    for (int i = 0; i < n; ++i) {
      const int lo = (i == 0 && first_nonzero) ? 1 : 0;
      d += static_cast<char>('0' + lo + static_cast<int>(rng() % static_cast<uint64_t>(10 - lo)));
    }
    return d;
  };
  int fast = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string n = rng() % 3 == 0 ? "-" : "";
    const int int_digits = static_cast<int>(rng() % 20);
    n += int_digits == 0 ? "0" : digits(int_digits, true);
    if (rng() % 4 != 0) n += "." + digits(1 + static_cast<int>(rng() % 20), false);
    if (rng() % 5 == 0) n += "e" + std::to_string(static_cast<int>(rng() % 60) - 30);
    const std::string text = "[" + n + "," + n + "]";
    rapidjson::Document a;
    rapidjson::Document b;
    ASSERT_FALSE(ParseJsonExactly(text, &a).IsError()) << text;
    ASSERT_FALSE(ParseNumbersWithFromChars(text, &b).IsError()) << text;
    std::string da;
    std::string db;
    Dump(a, &da);
    Dump(b, &db);
    ASSERT_EQ(da, db) << text;
    if (b[0].IsDouble()) {
      ASSERT_EQ(b[0].GetDouble(), Strtod(n)) << n;
    }
    if (RapidJsonReadsEveryNumberExactly(text)) ++fast;
  }
  EXPECT_GT(fast, 2000);  // both paths were exercised
  EXPECT_LT(fast, 18000);
}

}  // namespace
}  // namespace kinerja::domain::json
