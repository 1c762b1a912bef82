// Overloaded{lambdas...}: the usual helper for std::visit over command and event variants.
#pragma once

namespace kinerja::domain {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace kinerja::domain
