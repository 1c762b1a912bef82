// SKP value parsing and plan/evidence validation (see domain/skp.h).
#include <cmath>
#include <set>

#include "domain/skp.h"
#include "domain/text.h"

namespace kinerja::domain {
namespace {

constexpr size_t kMaxRhk = 50;
constexpr size_t kMaxIndikator = 20;
constexpr size_t kMaxEvidence = 20;
constexpr size_t kMaxUrl = 2048;

RuleViolation Invalid(const std::string& code, const std::string& id, const std::string& en) {
  return Violation(ViolationKind::kInvalid, code, id, en);
}

bool IsRhkIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

Status CheckRhkId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok = ok && IsRhkIdChar(c);
  if (!ok) {
    return Invalid("skp.rhk_id_invalid",
                   "Id RHK '" + id + "' hanya boleh huruf, angka, '-', '_' dan '.' (1-64 karakter)",
                   "RHK id '" + id + "' may contain only letters, digits, '-', '_' and '.' (1-64)");
  }
  return OkStatus();
}

Status CheckIndikator(const Rhk& rhk, size_t index, const Indikator& ind) {
  const std::string where = "rhk[" + rhk.id + "].indikator[" + std::to_string(index) + "]";
  if (auto s = CheckText(where + ".description", ind.description, 1, 500); !s.ok()) return s;
  if (!std::isfinite(ind.target) || ind.target <= 0) {
    return Invalid("skp.target_invalid", "Target " + where + " harus angka lebih dari 0",
                   "The target of " + where + " must be a number greater than 0");
  }
  return CheckText(where + ".unit", ind.unit, 1, 50);
}

}  // namespace

Result<RhkKind> ParseRhkKind(std::string_view text) {
  if (text == "utama") return RhkKind::kUtama;
  if (text == "tambahan") return RhkKind::kTambahan;
  return Invalid("skp.rhk_kind_invalid", "Jenis RHK harus utama atau tambahan",
                 "RHK kind must be utama or tambahan");
}

Result<IndikatorAspect> ParseIndikatorAspect(std::string_view text) {
  if (text == "kuantitas") return IndikatorAspect::kKuantitas;
  if (text == "kualitas") return IndikatorAspect::kKualitas;
  if (text == "waktu") return IndikatorAspect::kWaktu;
  return Invalid("skp.aspect_invalid", "Aspek indikator harus kuantitas, kualitas atau waktu",
                 "Indikator aspect must be kuantitas, kualitas or waktu");
}

Result<SkpStatus> ParseSkpStatus(std::string_view text) {
  if (text == "DRAFT") return SkpStatus::kDraft;
  if (text == "SUBMITTED") return SkpStatus::kSubmitted;
  if (text == "RETURNED") return SkpStatus::kReturned;
  if (text == "APPROVED") return SkpStatus::kApproved;
  return Invalid("skp.status_invalid", "Status SKP tidak valid", "Invalid SKP status");
}

const char* ToString(RhkKind k) { return k == RhkKind::kUtama ? "utama" : "tambahan"; }

const char* ToString(IndikatorAspect a) {
  switch (a) {
    case IndikatorAspect::kKuantitas: return "kuantitas";
    case IndikatorAspect::kKualitas: return "kualitas";
    case IndikatorAspect::kWaktu: return "waktu";
  }
  return "";
}

const char* ToString(SkpStatus s) {
  switch (s) {
    case SkpStatus::kNone: return "NONE";
    case SkpStatus::kDraft: return "DRAFT";
    case SkpStatus::kSubmitted: return "SUBMITTED";
    case SkpStatus::kReturned: return "RETURNED";
    case SkpStatus::kApproved: return "APPROVED";
  }
  return "";
}

const std::vector<std::string>& PerilakuKeys() {
  static const std::vector<std::string> kKeys = {
      "berorientasi_pelayanan", "akuntabel", "kompeten",   "harmonis",
      "loyal",                  "adaptif",   "kolaboratif",
  };
  return kKeys;
}

bool IsPerilakuKey(const std::string& key) {
  for (const auto& k : PerilakuKeys()) {
    if (k == key) return true;
  }
  return false;
}

const Rhk* FindRhk(const WorkPlan& plan, const std::string& rhk_id) {
  for (const auto& rhk : plan.rhk) {
    if (rhk.id == rhk_id) return &rhk;
  }
  return nullptr;
}

Status ValidateWorkPlan(const WorkPlan& plan, bool complete) {
  if (plan.rhk.size() > kMaxRhk) {
    return Invalid("skp.too_many_rhk", "SKP paling banyak berisi 50 RHK",
                   "A work plan holds at most 50 RHK");
  }
  std::set<std::string> ids;
  bool has_utama = false;
  for (const auto& rhk : plan.rhk) {
    if (auto s = CheckRhkId(rhk.id); !s.ok()) return s;
    if (!ids.insert(rhk.id).second) {
      return Invalid("skp.rhk_id_duplicate", "Id RHK '" + rhk.id + "' dipakai lebih dari sekali",
                     "RHK id '" + rhk.id + "' is used more than once");
    }
    if (auto s = CheckText("rhk[" + rhk.id + "].description", rhk.description, 1, 1000); !s.ok()) {
      return s;
    }
    if (rhk.parent_rhk_id) {
      if (auto s = CheckRhkId(*rhk.parent_rhk_id); !s.ok()) return s;
    }
    if (rhk.indikator.size() > kMaxIndikator || (complete && rhk.indikator.empty())) {
      return Invalid("skp.indikator_count",
                     "RHK '" + rhk.id + "' harus memiliki 1 sampai 20 indikator",
                     "RHK '" + rhk.id + "' must have 1 to 20 indikator");
    }
    for (size_t i = 0; i < rhk.indikator.size(); ++i) {
      if (auto s = CheckIndikator(rhk, i, rhk.indikator[i]); !s.ok()) return s;
    }
    has_utama = has_utama || rhk.kind == RhkKind::kUtama;
  }
  if (complete && !has_utama) {
    return Invalid("skp.no_rhk_utama", "SKP harus memiliki sedikitnya satu RHK utama",
                   "A work plan needs at least one RHK utama");
  }
  for (const auto& [key, text] : plan.perilaku) {
    if (!IsPerilakuKey(key)) {
      return Invalid("skp.perilaku_unknown",
                     "Perilaku '" + key + "' bukan salah satu nilai BerAKHLAK",
                     "Perilaku '" + key + "' is not one of the BerAKHLAK values");
    }
    if (auto s = CheckText("perilaku." + key, text, 1, 2000); !s.ok()) return s;
  }
  return OkStatus();
}

Status ValidateEvidence(const std::vector<std::string>& urls) {
  if (urls.size() > kMaxEvidence) {
    return Invalid("skp.evidence_too_many", "Bukti dukung paling banyak 20 tautan",
                   "At most 20 evidence links");
  }
  for (const auto& url : urls) {
    size_t scheme_len = 0;
    if (url.compare(0, 7, "http://") == 0) scheme_len = 7;
    if (url.compare(0, 8, "https://") == 0) scheme_len = 8;
    bool ok = scheme_len > 0 && url.size() <= kMaxUrl && url.size() > scheme_len;
    if (ok) {
      const char first_host = url[scheme_len];
      ok = first_host != '/' && first_host != '?' && first_host != '#' && first_host != ':';
    }
    for (unsigned char c : url) ok = ok && c > 0x20 && c != 0x7F;
    if (!ok) {
      return Invalid("skp.evidence_invalid",
                     "Bukti dukung harus tautan http/https yang valid (maks 2048 karakter)",
                     "Evidence must be a valid http/https link (at most 2048 characters)");
    }
  }
  return OkStatus();
}

}  // namespace kinerja::domain
