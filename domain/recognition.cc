#include "domain/recognition.h"

#include "domain/nip.h"
#include "domain/period.h"
#include "domain/text.h"

namespace kinerja::domain {

std::string RecognitionStream(const std::string& nip) { return "recognition-" + nip; }

Result<std::vector<RecognitionEvent>> Decide(const RecognitionState& state,
                                             const RecognitionCommand& command,
                                             const RecognitionFacts& facts,
                                             const CommandContext& ctx) {
  const GrantRecognition& cmd = std::get<GrantRecognition>(command);
  if (auto nip = Nip::ParseAny(cmd.nip); !nip.ok()) return nip.error();
  if (auto s = CheckYear(cmd.year); !s.ok()) return s.error();
  if (auto s = CheckText("title", cmd.title, 1, 300); !s.ok()) return s.error();
  if (auto s = CheckText("reason", cmd.reason, 1, 2000); !s.ok()) return s.error();
  if (cmd.follow_up_year) {
    if (auto s = CheckYear(*cmd.follow_up_year); !s.ok()) return s.error();
  }
  if (!state.nip.empty() && state.nip != cmd.nip) {
    return Violation(ViolationKind::kInvalid, "recognition.nip_mismatch",
                     "NIP tidak sesuai dengan stream penghargaan",
                     "The NIP does not match the recognition stream");
  }
  for (const Recognition& r : state.recognitions) {
    if (r.year == cmd.year && r.title == cmd.title && r.reason == cmd.reason &&
        r.follow_up_year == cmd.follow_up_year) {
      return std::vector<RecognitionEvent>{};  // the same grant again: nothing to record
    }
  }
  if (!facts.pegawai_registered) {
    return Violation(ViolationKind::kNotFound, "recognition.pegawai_not_found",
                     "Pegawai " + cmd.nip + " tidak terdaftar",
                     "Pegawai " + cmd.nip + " is not registered");
  }
  if (cmd.year > ctx.today().year()) {
    return Violation(ViolationKind::kRefused, "recognition.year_in_future",
                     "Penghargaan tidak dapat diberikan untuk tahun yang akan datang",
                     "A recognition cannot be granted for a future year");
  }
  if (cmd.follow_up_year) {
    if (!facts.follow_up_penghargaan_recommended) {
      return Violation(ViolationKind::kRefused, "recognition.follow_up_not_penghargaan",
                       "Tidak ada rekomendasi penghargaan tahun " +
                           std::to_string(*cmd.follow_up_year) + " untuk pegawai ini",
                       "There is no penghargaan recommendation for this pegawai in " +
                           std::to_string(*cmd.follow_up_year));
    }
    for (const Recognition& r : state.recognitions) {
      if (r.follow_up_year == cmd.follow_up_year) {
        return Violation(ViolationKind::kConflict, "recognition.follow_up_already_granted",
                         "Rekomendasi penghargaan ini sudah ditindaklanjuti (penghargaan #" +
                             std::to_string(r.number) + ")",
                         "This penghargaan recommendation was already acted on (recognition #" +
                             std::to_string(r.number) + ")");
      }
    }
  }
  RecognitionGranted e{cmd.nip,   static_cast<int>(state.recognitions.size()) + 1,
                       cmd.year,  cmd.title,
                       cmd.reason, cmd.follow_up_year};
  return std::vector<RecognitionEvent>{e};
}

RecognitionState Evolve(RecognitionState state, const RecognitionEvent& event) {
  const RecognitionGranted& e = std::get<RecognitionGranted>(event);
  state.nip = e.nip;
  state.recognitions.push_back(Recognition{e.number, e.year, e.title, e.reason, e.follow_up_year});
  return state;
}

}  // namespace kinerja::domain
