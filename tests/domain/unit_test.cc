// Unit aggregate: registration and the organisation predikat, as given/when/then scenarios.
#include <gtest/gtest.h>

#include "domain/unit.h"

namespace kinerja::domain {
namespace {

CommandContext Admin() { return CommandContext{*Timestamp::ParseRfc3339("2026-01-05T01:00:00Z"), "bkpsdm-admin"}; }

struct Scenario {
  UnitState state;
  Result<std::vector<UnitEvent>> outcome = std::vector<UnitEvent>{};

  static Scenario Given(std::vector<UnitEvent> history) {
    Scenario s;
    for (const auto& e : history) s.state = Evolve(s.state, e);
    return s;
  }
  Scenario& When(const UnitCommand& cmd, UnitFacts facts = {}) {
    outcome = Decide(state, cmd, facts, Admin());
    return *this;
  }
  void Then(const std::vector<UnitEvent>& expected) const {
    ASSERT_TRUE(outcome.ok()) << outcome.error().code << ": " << outcome.error().message_en;
    EXPECT_EQ(outcome.value(), expected);
  }
  void ThenRefused(const std::string& code, ViolationKind kind) const {
    ASSERT_FALSE(outcome.ok()) << "expected refusal " << code;
    EXPECT_EQ(outcome.error().code, code);
    EXPECT_EQ(outcome.error().kind, kind);
    EXPECT_FALSE(outcome.error().message_id.empty());
    EXPECT_FALSE(outcome.error().message_en.empty());
  }
};

const UnitRegistered kPemkot{"pemkot-pontianak", "Pemerintah Kota Pontianak", std::nullopt};

TEST(Unit, ARootUnitIsRegistered) {
  Scenario::Given({})
      .When(RegisterUnit{"pemkot-pontianak", "Pemerintah Kota Pontianak", std::nullopt})
      .Then({kPemkot});
}

TEST(Unit, AChildUnitNeedsItsParentRegistered) {
  const RegisterUnit disdik{"disdikbud", "Dinas Pendidikan dan Kebudayaan",
                            std::string("pemkot-pontianak")};
  Scenario::Given({}).When(disdik, UnitFacts{false}).ThenRefused("unit.parent_not_found",
                                                                 ViolationKind::kRefused);
  Scenario::Given({}).When(disdik, UnitFacts{true}).Then(
      {UnitRegistered{"disdikbud", "Dinas Pendidikan dan Kebudayaan",
                      std::string("pemkot-pontianak")}});
}

TEST(Unit, RegisteringTwiceIsAConflict) {
  Scenario::Given({kPemkot})
      .When(RegisterUnit{"pemkot-pontianak", "Lagi", std::nullopt})
      .ThenRefused("unit.already_registered", ViolationKind::kConflict);
}

TEST(Unit, IdsAreSlugs) {
  Scenario::Given({}).When(RegisterUnit{"Dinas Pendidikan", "x", std::nullopt})
      .ThenRefused("unit.id_invalid", ViolationKind::kInvalid);
  Scenario::Given({}).When(RegisterUnit{"", "x", std::nullopt})
      .ThenRefused("unit.id_invalid", ViolationKind::kInvalid);
  Scenario::Given({}).When(RegisterUnit{"a", "x", std::string("a")}, UnitFacts{true})
      .ThenRefused("unit.parent_is_self", ViolationKind::kInvalid);
  Scenario::Given({}).When(RegisterUnit{"a", "   ", std::nullopt})
      .ThenRefused("text.required", ViolationKind::kInvalid);
}

TEST(Unit, OrganisationPredikatIsSetPerYearAndRepeatsAreNoOps) {
  Scenario::Given({kPemkot})
      .When(SetOrganisationPredikat{2026, OrgPredikat::kIstimewa})
      .Then({OrganisationPredikatSet{"pemkot-pontianak", 2026, OrgPredikat::kIstimewa}});
  const OrganisationPredikatSet set{"pemkot-pontianak", 2026, OrgPredikat::kIstimewa};
  Scenario::Given({kPemkot, set}).When(SetOrganisationPredikat{2026, OrgPredikat::kIstimewa}).Then({});
  Scenario::Given({kPemkot, set})
      .When(SetOrganisationPredikat{2026, OrgPredikat::kBaik})
      .Then({OrganisationPredikatSet{"pemkot-pontianak", 2026, OrgPredikat::kBaik}});
  auto s = Scenario::Given({kPemkot, set, OrganisationPredikatSet{"pemkot-pontianak", 2027,
                                                                  OrgPredikat::kKurang}});
  EXPECT_EQ(s.state.predikat_by_year.at(2026), OrgPredikat::kIstimewa);
  EXPECT_EQ(s.state.predikat_by_year.at(2027), OrgPredikat::kKurang);
}

TEST(Unit, OrganisationPredikatNeedsARegisteredUnitAndASaneYear) {
  Scenario::Given({}).When(SetOrganisationPredikat{2026, OrgPredikat::kBaik})
      .ThenRefused("unit.not_found", ViolationKind::kNotFound);
  Scenario::Given({kPemkot}).When(SetOrganisationPredikat{1999, OrgPredikat::kBaik})
      .ThenRefused("year.invalid", ViolationKind::kInvalid);
}

}  // namespace
}  // namespace kinerja::domain
