#include "api/app/facts.h"

#include <type_traits>
#include <utility>
#include <variant>

#include "api/app/aggregates.h"
#include "api/app/command_service.h"

namespace kinerja::app {
namespace {

http::Problem PegawaiNotFound(const std::string& nip) {
  return http::Problem::Make(http::ErrorCategory::kNotFound, "pegawai.not_found",
                             "Pegawai " + nip + " tidak terdaftar.")
      .WithString("detailEn", "Pegawai " + nip + " is not registered.");
}

// The follow-up kind recommended in followup-<nip>-<year>, if any.
http::Result<std::optional<domain::FollowUpKind>> RecommendedKind(eventstore::EventReader& reader,
                                                               AggregateCache* cache,
                                                               const std::string& nip,
                                                               int year) {
  auto loaded = LoadForCommand<FollowUpTraits>(reader, cache, domain::FollowUpStream(nip, year));
  if (!loaded.ok()) return loaded.problem();
  return loaded.value().state->kind;
}

}  // namespace

http::Result<std::optional<domain::PegawaiState>> FactSource::Pegawai(const std::string& nip) {
  auto cached = pegawai_.find(nip);
  if (cached != pegawai_.end()) return cached->second;
  auto loaded = LoadForCommand<PegawaiTraits>(*reader_, cache_, domain::PegawaiStream(nip));
  if (!loaded.ok()) return loaded.problem();
  std::optional<domain::PegawaiState> state;
  if (loaded.value().state->exists) state = *loaded.value().state;
  pegawai_.emplace(nip, state);
  return state;
}

http::Result<bool> FactSource::StreamExists(const std::string& stream) {
  auto version = reader_->StreamVersion(stream);
  if (!version.ok()) return ProblemFromStore(version.status());
  return version.value() > 0;
}

http::Result<std::optional<std::string>> FactSource::SupervisorToday(const std::string& nip) {
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  if (!pegawai.value()) return std::optional<std::string>{};
  return domain::SupervisorOn(*pegawai.value(), today_);
}

http::Result<domain::UnitFacts> FactSource::ForUnit(const domain::UnitCommand& command) {
  domain::UnitFacts facts;
  if (const auto* reg = std::get_if<domain::RegisterUnit>(&command); reg && reg->parent_id) {
    if (domain::ValidateUnitId(*reg->parent_id).ok()) {
      auto exists = StreamExists(domain::UnitStream(*reg->parent_id));
      if (!exists.ok()) return exists.problem();
      facts.parent_exists = exists.value();
    }
  }
  return facts;
}

http::Result<domain::PegawaiFacts> FactSource::ForPegawai(const domain::PegawaiCommand& command) {
  std::optional<std::string> unit_id;
  std::optional<std::string> supervisor;
  domain::Date effective = today_;
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        unit_id = c.unit_id;
        supervisor = c.supervisor_nip;
        if constexpr (std::is_same_v<T, domain::RegisterEmployee>) {
          if (c.effective_date) effective = *c.effective_date;
        } else {
          effective = c.effective_date;
        }
      },
      command);
  domain::PegawaiFacts facts;
  if (unit_id && domain::ValidateUnitId(*unit_id).ok()) {
    auto exists = StreamExists(domain::UnitStream(*unit_id));
    if (!exists.ok()) return exists.problem();
    facts.unit_exists = exists.value();
  }
  if (supervisor && domain::Nip::ParseAny(*supervisor).ok()) {
    auto state = Pegawai(*supervisor);
    if (!state.ok()) return state.problem();
    facts.supervisor_registered = state.value().has_value();
    std::optional<http::Problem> failure;
    auto load = [&](const std::string& nip) -> const domain::PegawaiState* {
      if (failure || !domain::Nip::ParseAny(nip).ok()) return nullptr;
      auto found = Pegawai(nip);
      if (!found.ok()) {
        failure = found.problem();
        return nullptr;
      }
      auto it = pegawai_.find(nip);
      return it != pegawai_.end() && it->second ? &*it->second : nullptr;
    };
    facts.supervisor_chain = domain::SupervisorChainOn(*supervisor, effective, load);
    if (failure) return *failure;
  }
  return facts;
}

http::Result<domain::SkpFacts> FactSource::ForSkp(const std::string& nip, int year,
                                                  bool with_supervisor_rhk) {
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  if (!pegawai.value()) return PegawaiNotFound(nip);
  domain::SkpFacts facts;
  facts.current_supervisor_nip = domain::SupervisorOn(*pegawai.value(), today_);
  if (with_supervisor_rhk && facts.current_supervisor_nip) {
    auto skp = LoadForCommand<SkpTraits>(*reader_, cache_,
                                         domain::SkpStream(*facts.current_supervisor_nip, year));
    if (!skp.ok()) return skp.problem();
    facts.supervisor_approved_rhk_ids = domain::ApprovedRhkIds(*skp.value().state);
  }
  return facts;
}

http::Result<domain::AppraisalFacts> FactSource::ForAppraisal(const std::string& nip,
                                                              const domain::Period& period,
                                                              domain::PeriodKind periodic_kind) {
  domain::AppraisalFacts facts;
  facts.periodic_kind = periodic_kind;
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  facts.pegawai_registered = pegawai.value().has_value();
  if (!facts.pegawai_registered) return facts;
  auto supervisor = SupervisorToday(nip);
  if (!supervisor.ok()) return supervisor.problem();
  if (supervisor.value()) {
    facts.pejabat_penilai_nip = *supervisor.value();
    auto atasan = SupervisorToday(*supervisor.value());
    if (!atasan.ok()) return atasan.problem();
    if (atasan.value()) facts.atasan_pejabat_penilai_nip = *atasan.value();
  }
  auto skp = LoadForCommand<SkpTraits>(*reader_, cache_, domain::SkpStream(nip, period.year()));
  if (!skp.ok()) return skp.problem();
  facts.approved_skp_version = skp.value().state->approved_version;
  return facts;
}

http::Result<FactSource::PersonFollowUp> FactSource::ForPersonFollowUp(
    const std::string& nip, std::optional<int> follow_up_year) {
  PersonFollowUp found;
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  found.registered = pegawai.value().has_value();
  if (follow_up_year && found.registered) {
    auto kind = RecommendedKind(*reader_, cache_, nip, *follow_up_year);
    if (!kind.ok()) return kind.problem();
    found.kind = kind.value();
  }
  return found;
}

http::Result<domain::TrainingFacts> FactSource::ForTraining(const std::string& nip,
                                                            std::optional<int> follow_up_year) {
  domain::TrainingFacts facts;
  if (nip.empty()) return facts;  // complete / cancel: the training's own data suffices
  auto found = ForPersonFollowUp(nip, follow_up_year);
  if (!found.ok()) return found.problem();
  facts.pegawai_registered = found.value().registered;
  facts.follow_up_pembinaan_recommended = found.value().kind == domain::FollowUpKind::kPembinaan;
  return facts;
}

http::Result<domain::RecognitionFacts> FactSource::ForRecognition(
    const std::string& nip, std::optional<int> follow_up_year) {
  domain::RecognitionFacts facts;
  auto found = ForPersonFollowUp(nip, follow_up_year);
  if (!found.ok()) return found.problem();
  facts.pegawai_registered = found.value().registered;
  facts.follow_up_penghargaan_recommended =
      found.value().kind == domain::FollowUpKind::kPenghargaan;
  return facts;
}

http::Result<domain::InnovationFacts> FactSource::ForInnovation(const std::string& nip) {
  domain::InnovationFacts facts;
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  facts.pegawai_registered = pegawai.value().has_value();
  auto supervisor = SupervisorToday(nip);
  if (!supervisor.ok()) return supervisor.problem();
  if (supervisor.value()) facts.pejabat_penilai_nip = *supervisor.value();
  return facts;
}

http::Result<domain::DisciplineFacts> FactSource::ForDiscipline(const std::string& nip) {
  domain::DisciplineFacts facts;
  auto pegawai = Pegawai(nip);
  if (!pegawai.ok()) return pegawai.problem();
  facts.pegawai_registered = pegawai.value().has_value();
  return facts;
}

}  // namespace kinerja::app
