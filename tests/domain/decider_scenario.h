// Given/when/then for any decider with the domain/unit.h shape:
//   DeciderScenario<State, Event, Command, Facts>::Given({events...})
//       .When(command, facts, ctx).Then({events...}) / .ThenNothing() / .ThenRefused(code, kind)
// Test-only helper; single-threaded.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/command_context.h"
#include "domain/result.h"

namespace kinerja::domain {

template <class State, class Event, class Command, class Facts>
struct DeciderScenario {
  State state;
  Result<std::vector<Event>> outcome = std::vector<Event>{};

  static DeciderScenario Given(const std::vector<Event>& history) {
    DeciderScenario s;
    for (const auto& e : history) s.state = Evolve(s.state, e);
    return s;
  }
  DeciderScenario& When(const Command& cmd, const Facts& facts, const CommandContext& ctx) {
    outcome = Decide(state, cmd, facts, ctx);
    return *this;
  }
  void Then(const std::vector<Event>& expected) const {
    ASSERT_TRUE(outcome.ok()) << outcome.error().code << ": " << outcome.error().message_en;
    EXPECT_EQ(outcome.value(), expected);
  }
  void ThenNothing() const { Then({}); }
  void ThenRefused(const std::string& code, ViolationKind kind) const {
    ASSERT_FALSE(outcome.ok()) << "expected refusal " << code;
    EXPECT_EQ(outcome.error().code, code);
    EXPECT_EQ(outcome.error().kind, kind);
    EXPECT_FALSE(outcome.error().message_id.empty());
    EXPECT_FALSE(outcome.error().message_en.empty());
  }
  // The state after applying the outcome's events (REQUIRES: outcome.ok()).
  State After() const {
    State s = state;
    for (const auto& e : outcome.value()) s = Evolve(s, e);
    return s;
  }
};

}  // namespace kinerja::domain
