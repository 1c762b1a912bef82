// Who is whose pejabat penilai, answered from the pegawai streams themselves (not from a read
// model), so a command's authorisation and facts are never stale. Used by command and query
// routes alike for object-level authorisation. With an AggregateCache the pegawai streams are
// loaded through it (LoadForCommand: the same states, only the events appended since are read).
// Thread-safety: stateless apart from the reader and the cache, which are thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/app/aggregate_cache.h"
#include "api/http/problem.h"
#include "domain/date.h"
#include "domain/pegawai.h"
#include "eventstore/event_store.h"

namespace kinerja::app {

class Relationships {
 public:
  explicit Relationships(eventstore::EventReader* reader, AggregateCache* cache = nullptr)
      : reader_(reader), cache_(cache) {}

  // The pegawai's state folded from pegawai-<nip>; nullopt when not registered.
  http::Result<std::optional<domain::PegawaiState>> Pegawai(const std::string& nip) const;
  // The pejabat penilai of `nip` on `day` (nullopt: none or not registered).
  http::Result<std::optional<std::string>> SupervisorOn(const std::string& nip, domain::Date day) const;
  // The atasan pejabat penilai of `nip` on `day`: the supervisor's supervisor on that day.
  http::Result<std::optional<std::string>> AtasanOn(const std::string& nip, domain::Date day) const;
  // Is `actor` the pejabat penilai of `nip` on `day`?
  http::Result<bool> IsSupervisorOf(const std::string& actor, const std::string& nip,
                                    domain::Date day) const;
  // Is `actor` the atasan pejabat penilai of `nip` on `day`?
  http::Result<bool> IsAtasanOf(const std::string& actor, const std::string& nip,
                                domain::Date day) const;

 private:
  eventstore::EventReader* reader_;
  AggregateCache* cache_;  // may be null
};

}  // namespace kinerja::app
