#include "api/app/relationships.h"

#include "api/app/aggregates.h"
#include "api/app/command_service.h"

namespace kinerja::app {

http::Result<std::optional<domain::PegawaiState>> Relationships::Pegawai(
    const std::string& nip) const {
  auto loaded = LoadForCommand<PegawaiTraits>(*reader_, cache_, domain::PegawaiStream(nip));
  if (!loaded.ok()) return loaded.problem();
  if (!loaded.value().state->exists) return std::optional<domain::PegawaiState>{};
  return std::optional<domain::PegawaiState>(*loaded.value().state);
}

http::Result<std::optional<std::string>> Relationships::SupervisorOn(const std::string& nip,
                                                                     domain::Date day) const {
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  if (!pegawai.value()) return std::optional<std::string>{};
  return domain::SupervisorOn(*pegawai.value(), day);
}

http::Result<std::optional<std::string>> Relationships::AtasanOn(const std::string& nip,
                                                                 domain::Date day) const {
  auto supervisor = SupervisorOn(nip, day);
  if (!supervisor.ok()) return supervisor.problem();
  if (!supervisor.value()) return std::optional<std::string>{};
  return SupervisorOn(*supervisor.value(), day);
}

http::Result<bool> Relationships::IsSupervisorOf(const std::string& actor, const std::string& nip,
                                                 domain::Date day) const {
  auto supervisor = SupervisorOn(nip, day);
  if (!supervisor.ok()) return supervisor.problem();
  return supervisor.value().has_value() && *supervisor.value() == actor && actor != nip;
}

http::Result<bool> Relationships::IsAtasanOf(const std::string& actor, const std::string& nip,
                                             domain::Date day) const {
  auto atasan = AtasanOn(nip, day);
  if (!atasan.ok()) return atasan.problem();
  return atasan.value().has_value() && *atasan.value() == actor && actor != nip;
}

}  // namespace kinerja::app
