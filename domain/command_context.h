// What every command carries besides its own fields: who acts and when. The domain never reads a
// clock; the caller stamps `now`. Plain value; thread-safe.
#pragma once

#include <string>

#include "domain/date.h"

namespace kinerja::domain {

struct CommandContext {
  Timestamp now;      // when the command is decided (the server's clock, UTC)
  std::string actor;  // the JWT subject: a NIP, or a service/admin account name
  Date today() const { return now.date(); }
};

}  // namespace kinerja::domain
