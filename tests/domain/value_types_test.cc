// Value types refuse bad data at construction: NIP/NI, dates, periods, ratings, golongan.
#include <gtest/gtest.h>

#include "domain/date.h"
#include "domain/jabatan.h"
#include "domain/nip.h"
#include "domain/period.h"
#include "domain/rating.h"

namespace kinerja::domain {
namespace {

TEST(Nip, AcceptsAValidPnsNip) {
  auto nip = Nip::Parse("199502242015012001", EmployeeStatus::kPns);
  ASSERT_TRUE(nip.ok()) << nip.error().message_en;
  EXPECT_EQ(nip->birth_date().ToString(), "1995-02-24");
  EXPECT_EQ(nip->tmt_year(), 2015);
  EXPECT_EQ(nip->tmt_month(), 1);
  EXPECT_EQ(nip->gender(), Gender::kFemale);
  EXPECT_EQ(nip->sequence(), 1);
}

TEST(Nip, RefusesAnImpossibleBirthDate) {
  EXPECT_FALSE(Nip::Parse("199502302015012001", EmployeeStatus::kPns).ok());  // 30 Feb
  EXPECT_FALSE(Nip::Parse("199513012015012001", EmployeeStatus::kPns).ok());  // month 13
}

TEST(Nip, RefusesALeapDayInACommonYearButAcceptsItInALeapYear) {
  EXPECT_FALSE(Nip::Parse("199702292020011001", EmployeeStatus::kPns).ok());
  EXPECT_TRUE(Nip::Parse("199602292020011001", EmployeeStatus::kPns).ok());
}

TEST(Nip, RefusesGenderDigitThree) {
  auto nip = Nip::Parse("199502242015013001", EmployeeStatus::kPns);
  ASSERT_FALSE(nip.ok());
  EXPECT_EQ(nip.error().code, "nip.invalid");
  EXPECT_EQ(nip.error().kind, ViolationKind::kInvalid);
}

TEST(Nip, RefusesSequenceZero) {
  EXPECT_FALSE(Nip::Parse("199502242015012000", EmployeeStatus::kPns).ok());
}

TEST(Nip, RefusesWrongLengthAndNonDigits) {
  EXPECT_FALSE(Nip::Parse("19950224201501200", EmployeeStatus::kPns).ok());
  EXPECT_FALSE(Nip::Parse("1995022420150120011", EmployeeStatus::kPns).ok());
  EXPECT_FALSE(Nip::Parse("19950224201501200a", EmployeeStatus::kPns).ok());
  EXPECT_FALSE(Nip::Parse("", EmployeeStatus::kPns).ok());
}

TEST(Nip, RefusesTmtMonthZeroOrThirteen) {
  EXPECT_FALSE(Nip::Parse("199502242015002001", EmployeeStatus::kPns).ok());
  EXPECT_FALSE(Nip::Parse("199502242015132001", EmployeeStatus::kPns).ok());
}

TEST(Nip, RefusesATmtBeforeTheEighteenthBirthday) {
  EXPECT_FALSE(Nip::Parse("200001012017121001", EmployeeStatus::kPns).ok());
  EXPECT_TRUE(Nip::Parse("200001012018011001", EmployeeStatus::kPns).ok());
}

TEST(Nip, PppkNiMayCarryTheCode21InPlaceOfTheMonth) {
  EXPECT_TRUE(Nip::Parse("198505152023212001", EmployeeStatus::kPppk).ok());
  EXPECT_FALSE(Nip::Parse("198505152023212001", EmployeeStatus::kPns).ok());
  EXPECT_TRUE(Nip::ParseAny("198505152023212001").ok());
}

TEST(Date, ParsesRealDatesOnly) {
  EXPECT_TRUE(Date::Parse("2026-02-28").ok());
  EXPECT_FALSE(Date::Parse("2026-02-29").ok());
  EXPECT_TRUE(Date::Parse("2028-02-29").ok());
  EXPECT_FALSE(Date::Parse("2026-2-28").ok());
  EXPECT_FALSE(Date::Parse("2026-04-31").ok());
  EXPECT_FALSE(Date::Parse("2026-04-01x").ok());
  EXPECT_EQ(Date::Parse("2026-03-01")->AddDays(-1).ToString(), "2026-02-28");
}

TEST(Timestamp, RoundTripsRfc3339AndHonoursOffsets) {
  auto t = Timestamp::ParseRfc3339("2026-03-01T08:00:00+07:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ToRfc3339(), "2026-03-01T01:00:00.000000Z");
  EXPECT_FALSE(Timestamp::ParseRfc3339("2026-03-01 08:00:00Z").ok());
  EXPECT_FALSE(Timestamp::ParseRfc3339("2026-03-01T24:00:00Z").ok());
}

TEST(Period, ParsesMonthsQuartersAndYears) {
  EXPECT_EQ(Period::Parse("2026-01")->kind(), PeriodKind::kMonthly);
  EXPECT_EQ(Period::Parse("2026-Q4")->last_day().ToString(), "2026-12-31");
  EXPECT_EQ(Period::Parse("2026-Q1")->last_day().ToString(), "2026-03-31");
  EXPECT_EQ(Period::Parse("2026")->kind(), PeriodKind::kAnnual);
  EXPECT_EQ(Period::Parse("2026-02")->last_day().ToString(), "2026-02-28");
  for (const char* bad : {"2026-13", "2026-00", "2026-Q5", "2026-Q0", "26", "2026-1", "abcd",
                          "2026-", "1999"}) {
    EXPECT_FALSE(Period::Parse(bad).ok()) << bad;
  }
  EXPECT_EQ(Period::Parse("2026-Q3")->ToString(), "2026-Q3");
}

TEST(Golongan, AcceptsIaToIVeOnly) {
  EXPECT_TRUE(Golongan::Parse("I/a").ok());
  EXPECT_TRUE(Golongan::Parse("IV/e").ok());
  EXPECT_FALSE(Golongan::Parse("III/e").ok());
  EXPECT_FALSE(Golongan::Parse("V/a").ok());
  EXPECT_FALSE(Golongan::Parse("IV/f").ok());
  EXPECT_LT(Golongan::Parse("III/d")->rank(), Golongan::Parse("IV/a")->rank());
}

TEST(PredikatTable, AllNineCells) {
  const Rating atas = Rating::kDiAtas, sesuai = Rating::kSesuai, bawah = Rating::kDiBawah;
  EXPECT_EQ(PredikatFor(atas, bawah), Predikat::kKurang);
  EXPECT_EQ(PredikatFor(atas, sesuai), Predikat::kBaik);
  EXPECT_EQ(PredikatFor(atas, atas), Predikat::kSangatBaik);
  EXPECT_EQ(PredikatFor(sesuai, bawah), Predikat::kKurang);
  EXPECT_EQ(PredikatFor(sesuai, sesuai), Predikat::kBaik);
  EXPECT_EQ(PredikatFor(sesuai, atas), Predikat::kBaik);
  EXPECT_EQ(PredikatFor(bawah, bawah), Predikat::kSangatKurang);
  EXPECT_EQ(PredikatFor(bawah, sesuai), Predikat::kButuhPerbaikan);
  EXPECT_EQ(PredikatFor(bawah, atas), Predikat::kButuhPerbaikan);
}

TEST(Enums, ParseExactlyAsWritten) {
  EXPECT_TRUE(ParseRating("SESUAI_EKSPEKTASI").ok());
  EXPECT_FALSE(ParseRating("sesuai_ekspektasi").ok());
  EXPECT_STREQ(ToString(*ParsePredikat("BUTUH_PERBAIKAN")), "BUTUH_PERBAIKAN");
  EXPECT_STREQ(ToString(*ParseOrgPredikat("ISTIMEWA")), "ISTIMEWA");
  EXPECT_FALSE(ParseOrgPredikat("SANGAT_BAIK").ok());
  EXPECT_STREQ(ToString(*ParseJenisJabatan("fungsional")), "fungsional");
  EXPECT_FALSE(ParseJenisJabatan("JPT").ok());
}

}  // namespace
}  // namespace kinerja::domain
