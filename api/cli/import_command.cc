// `kinerja import`: units and pegawai from CSV (a SIASN export's columns) through the same
// commands, facts and rules as the API (app::Execute with UnitTraits/PegawaiTraits and
// app::FactSource). Every row is validated first (parse, the domain's own value checks, references
// to units and supervisors in the file or the store, duplicates, cycles); any invalid row refuses
// the whole import unless --skip-invalid, which imports exactly the valid rows and those whose
// dependencies are valid. Units are written parents first, pegawai supervisors first. Re-running
// skips what is already registered identically; a row that differs from the stored record is
// rejected. Each row is one atomic append with an idempotency key derived from the row.
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "api/app/aggregates.h"
#include "api/app/command_service.h"
#include "api/app/facts.h"
#include "api/cli/cli_support.h"
#include "api/cli/csv.h"
#include "api/cli/progress.h"
#include "api/cli/subcommands.h"
#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"

namespace kinerja::cli {
namespace {

constexpr const char* kCmd = "import";
namespace d = domain;

FlagSet MakeFlags() {
  FlagSet flags(
      "kinerja import --data-dir DIR [--units UNITS.csv] [--pegawai PEGAWAI.csv] [flags]",
      std::string(
          "Registers units and pegawai from CSV files (RFC 4180: header row, comma-separated,\n"
          "\"quoted, fields\" with \"\" for a quote; UTF-8) with the API's commands and rules.\n"
          "Units file columns:   unit_id,nama_unit,induk_unit_id\n"
          "  unit_id       slug (a-z, 0-9, '-'), nama_unit the name, induk_unit_id the parent\n"
          "                unit (empty for a root); parents may come later in the file.\n"
          "Pegawai file columns: nip,nama,unit_id,nama_unit,jabatan,jenis_jabatan,golongan,status,\n"
          "                      nip_atasan\n"
          "  nip           18-digit NIP (PNS) or NI (PPPK), checked by the domain's rules\n"
          "  nama          name; unit_id a unit in the units file or already registered;\n"
          "  nama_unit     informational (SIASN carries it; not stored)\n"
          "  jabatan       position title; jenis_jabatan jpt|administrator|pengawas|pelaksana|\n"
          "                fungsional; golongan I/a..IV/e (PNS; empty for PPPK); status PNS|PPPK\n"
          "  nip_atasan    the pejabat penilai's NIP (in the file or registered), empty for none\n"
          "Rows are checked first; any invalid row refuses the whole import (nothing written)\n"
          "unless --skip-invalid. Rejected rows are reported with file:line and reason (stderr\n"
          "or --report FILE). Re-running is safe: identical registered rows are skipped.\n"
          "Exit: 0 imported (or nothing to do), 1 rows rejected or a write failed, 2 usage.\n") +
          kOfflineNote);
  flags.Add({"data-dir", "DIR", "kinerjad data directory (created when missing)", "",
             "KINERJA_DATA_DIR"})
      .Add({"units", "FILE", "units CSV", "", ""})
      .Add({"pegawai", "FILE", "pegawai CSV", "", ""})
      .Add({"actor", "NAME", "recorded as the events' actor", "kinerja-import", ""})
      .Add({"dry-run", "", "validate and report only; write nothing", "false", "", true})
      .Add({"skip-invalid", "", "import the valid rows even if some are rejected", "false", "",
            true})
      .Add({"report", "FILE", "write the rejected rows here instead of stderr", "", ""})
      .Add({"sync", "", "fsync every append (false: faster; a machine crash may lose the last "
                        "appends, re-run the import then)",
            "true", "KINERJA_SYNC", true});
  return flags;
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  const size_t last = s.find_last_not_of(" \t");
  s.erase(last == std::string::npos ? 0 : last + 1);
  return s;
}

std::string Why(const d::RuleViolation& v) { return v.code + ": " + v.message_en; }

struct UnitRow {
  size_t line = 0;
  d::RegisterUnit cmd;
  std::string rejected;  // empty: valid so far
  bool existing = false;
  bool duplicate = false;  // identical repeat of an earlier row: ignored
};

struct PegawaiRow {
  size_t line = 0;
  d::RegisterEmployee cmd;
  std::string rejected;
  bool existing = false;
  bool duplicate = false;
};

std::string Opt(const std::optional<std::string>& s) { return s ? "'" + *s + "'" : "none"; }

// Why a registered pegawai differs from the row (empty: identical).
std::string Differences(const d::PegawaiState& s, const d::RegisterEmployee& c, d::Date today) {
  std::vector<std::string> diffs;
  if (s.name != c.name) diffs.push_back("nama '" + s.name + "' vs '" + c.name + "'");
  if (s.status != c.status) diffs.push_back("status");
  auto a = d::AssignmentOn(s, today);
  if (!a && !s.timeline.empty()) {  // registered with a future effective date
    a = d::AssignmentOn(s, s.registered_from);
  }
  if (a) {
    if (a->unit_id != c.unit_id) diffs.push_back("unit_id '" + a->unit_id + "' vs '" + c.unit_id + "'");
    if (a->jabatan != c.jabatan) diffs.push_back("jabatan '" + a->jabatan + "' vs '" + c.jabatan + "'");
    if (a->jenis_jabatan != c.jenis_jabatan) diffs.push_back("jenis_jabatan");
    if (a->golongan != c.golongan) diffs.push_back("golongan");
    if (a->supervisor_nip != c.supervisor_nip) {
      diffs.push_back("nip_atasan " + Opt(a->supervisor_nip) + " vs " + Opt(c.supervisor_nip));
    }
  }
  std::string out;
  for (const auto& x : diffs) out += (out.empty() ? "" : ", ") + x;
  return out;
}

class Importer {
 public:
  Importer(eventstore::EventStore* store, d::CommandContext ctx) : store_(store), ctx_(std::move(ctx)) {}

  bool LoadUnits(const std::string& path, std::string* error);
  bool LoadPegawai(const std::string& path, std::string* error);
  bool Validate(std::string* error);  // false: a storage error
  int Write(bool skip_invalid);
  void Report(std::ostream& out) const;
  size_t rejected() const;
  std::string Summary() const;

 private:
  bool UnitInStore(const std::string& id, std::string* error);
  void ResolveUnits();
  void ResolvePegawai();

  eventstore::EventStore* store_;
  d::CommandContext ctx_;
  std::string units_path_, pegawai_path_;
  std::vector<UnitRow> units_;
  std::vector<PegawaiRow> pegawai_;
  std::map<std::string, size_t> unit_index_;     // id -> row (first occurrence)
  std::map<std::string, size_t> pegawai_index_;  // nip -> row
  std::map<std::string, bool> unit_in_store_;
  std::map<std::string, bool> pegawai_in_store_;
  std::vector<size_t> unit_order_, pegawai_order_;  // valid rows, dependencies first
  size_t units_written_ = 0, pegawai_written_ = 0, failed_ = 0;
  std::vector<std::string> failures_;
};

bool ReadCsv(const std::string& path, const std::vector<std::string>& required,
             std::vector<CsvRow>* rows, std::map<std::string, size_t>* columns, std::string* error) {
  std::string text;
  if (!ReadFile(path, &text, error)) return false;
  if (!ParseCsv(text, rows, error)) {
    *error = path + ": " + *error;
    return false;
  }
  if (rows->empty()) {
    *error = path + ": no header row";
    return false;
  }
  std::vector<std::string> missing;
  *columns = CsvColumns(rows->front(), required, &missing);
  if (!missing.empty()) {
    *error = path + ": missing column(s):";
    for (const auto& m : missing) *error += " " + m;
    return false;
  }
  rows->erase(rows->begin());
  return true;
}

std::string Field(const CsvRow& row, const std::map<std::string, size_t>& cols, const char* name) {
  auto it = cols.find(name);
  if (it == cols.end() || it->second >= row.fields.size()) return "";
  return Trim(row.fields[it->second]);
}

bool Importer::LoadUnits(const std::string& path, std::string* error) {
  units_path_ = path;
  std::vector<CsvRow> rows;
  std::map<std::string, size_t> cols;
  if (!ReadCsv(path, {"unit_id", "nama_unit", "induk_unit_id"}, &rows, &cols, error)) return false;
  for (const auto& row : rows) {
    UnitRow u;
    u.line = row.line;
    u.cmd.id = Field(row, cols, "unit_id");
    u.cmd.name = Field(row, cols, "nama_unit");
    const std::string parent = Field(row, cols, "induk_unit_id");
    if (!parent.empty()) u.cmd.parent_id = parent;
    if (row.fields.size() != cols.size()) {
      u.rejected = "expected " + std::to_string(cols.size()) + " fields, found " +
                   std::to_string(row.fields.size());
    } else {
      // The domain's own value checks (the facts are looked at later).
      auto decided = d::Decide(d::UnitState{}, d::UnitCommand{u.cmd}, d::UnitFacts{true}, ctx_);
      if (!decided.ok()) u.rejected = Why(decided.error());
    }
    units_.push_back(std::move(u));
  }
  return true;
}

bool Importer::LoadPegawai(const std::string& path, std::string* error) {
  pegawai_path_ = path;
  std::vector<CsvRow> rows;
  std::map<std::string, size_t> cols;
  if (!ReadCsv(path,
               {"nip", "nama", "unit_id", "nama_unit", "jabatan", "jenis_jabatan", "golongan",
                "status", "nip_atasan"},
               &rows, &cols, error)) {
    return false;
  }
  for (const auto& row : rows) {
    PegawaiRow p;
    p.line = row.line;
    d::RegisterEmployee& c = p.cmd;
    c.nip = Field(row, cols, "nip");
    c.name = Field(row, cols, "nama");
    c.unit_id = Field(row, cols, "unit_id");
    c.jabatan = Field(row, cols, "jabatan");
    const std::string supervisor = Field(row, cols, "nip_atasan");
    if (!supervisor.empty()) c.supervisor_nip = supervisor;
    if (row.fields.size() != cols.size()) {
      p.rejected = "expected " + std::to_string(cols.size()) + " fields, found " +
                   std::to_string(row.fields.size());
    }
    if (p.rejected.empty()) {
      std::string status = Field(row, cols, "status");
      for (auto& ch : status) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      auto parsed = d::ParseEmployeeStatus(status);
      if (!parsed.ok()) {
        p.rejected = "status '" + status + "': " + Why(parsed.error());
      } else {
        c.status = parsed.value();
      }
    }
    if (p.rejected.empty()) {
      std::string jenis = Field(row, cols, "jenis_jabatan");
      for (auto& ch : jenis) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto parsed = d::ParseJenisJabatan(jenis);
      if (!parsed.ok()) {
        p.rejected = "jenis_jabatan '" + jenis + "': " + Why(parsed.error());
      } else {
        c.jenis_jabatan = parsed.value();
      }
    }
    if (p.rejected.empty()) {
      const std::string golongan = Field(row, cols, "golongan");
      if (!golongan.empty()) {
        auto parsed = d::Golongan::Parse(golongan);
        if (!parsed.ok()) {
          p.rejected = "golongan '" + golongan + "': " + Why(parsed.error());
        } else {
          c.golongan = parsed.value();
        }
      }
    }
    if (p.rejected.empty()) {
      d::PegawaiFacts facts;
      facts.unit_exists = true;
      facts.supervisor_registered = true;
      auto decided = d::Decide(d::PegawaiState{}, d::PegawaiCommand{c}, facts, ctx_);
      if (!decided.ok()) p.rejected = Why(decided.error());
    }
    pegawai_.push_back(std::move(p));
  }
  return true;
}

bool Importer::UnitInStore(const std::string& id, std::string* error) {
  auto it = unit_in_store_.find(id);
  if (it != unit_in_store_.end()) return it->second;
  auto version = store_->StreamVersion(d::UnitStream(id));
  if (!version.ok()) {
    *error = version.status().ToString();
    return false;
  }
  return unit_in_store_[id] = version.value() > 0;
}

bool Importer::Validate(std::string* error) {
  // Duplicates within the files: identical repeats are ignored, conflicting ones rejected.
  for (size_t i = 0; i < units_.size(); ++i) {
    UnitRow& u = units_[i];
    if (!u.rejected.empty()) continue;
    auto [it, fresh] = unit_index_.emplace(u.cmd.id, i);
    if (fresh) continue;
    UnitRow& first = units_[it->second];
    if (first.cmd.name == u.cmd.name && first.cmd.parent_id == u.cmd.parent_id) {
      u.duplicate = true;
    } else {
      u.rejected = "unit '" + u.cmd.id + "' also on line " + std::to_string(first.line) +
                   " with different data";
      if (first.rejected.empty()) {
        first.rejected = "unit '" + u.cmd.id + "' also on line " + std::to_string(u.line) +
                         " with different data";
      }
    }
  }
  for (size_t i = 0; i < pegawai_.size(); ++i) {
    PegawaiRow& p = pegawai_[i];
    if (!p.rejected.empty()) continue;
    auto [it, fresh] = pegawai_index_.emplace(p.cmd.nip, i);
    if (fresh) continue;
    PegawaiRow& first = pegawai_[it->second];
    d::PegawaiState as_first = d::Evolve(d::PegawaiState{}, d::PegawaiEvent{d::EmployeeRegistered{
        first.cmd.nip, first.cmd.name, first.cmd.status, first.cmd.unit_id, first.cmd.jabatan,
        first.cmd.jenis_jabatan, first.cmd.golongan, first.cmd.supervisor_nip, ctx_.today(),
        ctx_.now}});
    if (Differences(as_first, p.cmd, ctx_.today()).empty()) {
      p.duplicate = true;
    } else {
      p.rejected = "NIP " + p.cmd.nip + " also on line " + std::to_string(first.line) +
                   " with different data";
      if (first.rejected.empty()) {
        first.rejected = "NIP " + p.cmd.nip + " also on line " + std::to_string(p.line) +
                         " with different data";
      }
    }
  }
  // Already in the store: identical -> skipped, different -> rejected.
  for (auto& u : units_) {
    if (!u.rejected.empty() || u.duplicate) continue;
    auto loaded = app::Load<app::UnitTraits>(*store_, d::UnitStream(u.cmd.id));
    if (!loaded.ok()) {
      *error = loaded.problem().detail;
      return false;
    }
    const d::UnitState& s = loaded.value().state;
    if (!s.exists) continue;
    unit_in_store_[u.cmd.id] = true;
    if (s.name == u.cmd.name && s.parent_id == u.cmd.parent_id) {
      u.existing = true;
    } else {
      u.rejected = "unit '" + u.cmd.id + "' is already registered with different data (nama '" +
                   s.name + "', induk " + Opt(s.parent_id) + ")";
    }
  }
  for (auto& p : pegawai_) {
    if (!p.rejected.empty() || p.duplicate) continue;
    auto loaded = app::Load<app::PegawaiTraits>(*store_, d::PegawaiStream(p.cmd.nip));
    if (!loaded.ok()) {
      *error = loaded.problem().detail;
      return false;
    }
    const d::PegawaiState& s = loaded.value().state;
    if (!s.exists) continue;
    pegawai_in_store_[p.cmd.nip] = true;
    const std::string diff = Differences(s, p.cmd, ctx_.today());
    if (diff.empty()) {
      p.existing = true;
    } else {
      p.rejected = "NIP " + p.cmd.nip + " is already registered with different data: " + diff;
    }
  }
  // References (recursively: a row whose parent/supervisor row is rejected is rejected too).
  std::string storage_error;
  std::vector<int> mark(units_.size(), 0);  // 0 new, 1 on the path, 2 done
  std::function<bool(size_t, std::vector<size_t>&)> unit_ok = [&](size_t i,
                                                                   std::vector<size_t>& path) {
    UnitRow& u = units_[i];
    if (mark[i] == 2) return u.rejected.empty();
    if (mark[i] == 1) {  // a cycle: every row on it is rejected
      std::string names;
      bool in = false;
      for (size_t j : path) {
        if (j == i) in = true;
        if (in) names += units_[j].cmd.id + " -> ";
      }
      names += u.cmd.id;
      for (size_t j = path.size(); j-- > 0;) {
        units_[path[j]].rejected = "parent cycle: " + names;
        mark[path[j]] = 2;
        if (path[j] == i) break;
      }
      return false;
    }
    if (!u.rejected.empty() || u.duplicate) {
      mark[i] = 2;
      return u.rejected.empty();
    }
    mark[i] = 1;
    path.push_back(i);
    if (u.cmd.parent_id && !u.existing) {
      const std::string& parent = *u.cmd.parent_id;
      auto it = unit_index_.find(parent);
      if (it != unit_index_.end()) {
        if (!unit_ok(it->second, path) && u.rejected.empty()) {
          u.rejected = "parent unit '" + parent + "' (line " +
                       std::to_string(units_[it->second].line) + ") is rejected";
        }
      } else if (!UnitInStore(parent, &storage_error)) {
        u.rejected = "parent unit '" + parent + "' is neither in the file nor registered";
      }
    }
    path.pop_back();
    mark[i] = 2;
    if (u.rejected.empty() && !u.existing) unit_order_.push_back(i);
    return u.rejected.empty();
  };
  for (size_t i = 0; i < units_.size(); ++i) {
    std::vector<size_t> path;
    unit_ok(i, path);
  }
  std::vector<int> pmark(pegawai_.size(), 0);
  std::function<bool(size_t, std::vector<size_t>&)> pegawai_ok = [&](size_t i,
                                                                      std::vector<size_t>& path) {
    PegawaiRow& p = pegawai_[i];
    if (pmark[i] == 2) return p.rejected.empty();
    if (pmark[i] == 1) {
      std::string names;
      bool in = false;
      for (size_t j : path) {
        if (j == i) in = true;
        if (in) names += pegawai_[j].cmd.nip + " -> ";
      }
      names += p.cmd.nip;
      for (size_t j = path.size(); j-- > 0;) {
        pegawai_[path[j]].rejected = "supervision cycle: " + names;
        pmark[path[j]] = 2;
        if (path[j] == i) break;
      }
      return false;
    }
    if (!p.rejected.empty() || p.duplicate || p.existing) {
      pmark[i] = 2;
      return p.rejected.empty();
    }
    pmark[i] = 1;
    path.push_back(i);
    // The unit.
    auto unit = unit_index_.find(p.cmd.unit_id);
    if (unit != unit_index_.end()) {
      if (!units_[unit->second].rejected.empty()) {
        p.rejected = "unit '" + p.cmd.unit_id + "' (units line " +
                     std::to_string(units_[unit->second].line) + ") is rejected";
      }
    } else if (!UnitInStore(p.cmd.unit_id, &storage_error)) {
      p.rejected = "unit '" + p.cmd.unit_id + "' is neither in the units file nor registered";
    }
    // The supervisor.
    if (p.rejected.empty() && p.cmd.supervisor_nip) {
      const std::string& sup = *p.cmd.supervisor_nip;
      auto it = pegawai_index_.find(sup);
      if (it != pegawai_index_.end()) {
        if (!pegawai_ok(it->second, path) && p.rejected.empty()) {
          p.rejected = "supervisor " + sup + " (line " +
                       std::to_string(pegawai_[it->second].line) + ") is rejected";
        }
      } else {
        auto found = pegawai_in_store_.find(sup);
        bool registered = found != pegawai_in_store_.end() && found->second;
        if (found == pegawai_in_store_.end()) {
          auto version = store_->StreamVersion(d::PegawaiStream(sup));
          if (!version.ok()) storage_error = version.status().ToString();
          registered = version.ok() && version.value() > 0;
          pegawai_in_store_[sup] = registered;
        }
        if (!registered) p.rejected = "supervisor " + sup + " is neither in the file nor registered";
      }
    }
    path.pop_back();
    pmark[i] = 2;
    if (p.rejected.empty()) pegawai_order_.push_back(i);
    return p.rejected.empty();
  };
  for (size_t i = 0; i < pegawai_.size(); ++i) {
    std::vector<size_t> path;
    pegawai_ok(i, path);
  }
  if (!storage_error.empty()) {
    *error = storage_error;
    return false;
  }
  return true;
}

size_t Importer::rejected() const {
  size_t n = 0;
  for (const auto& u : units_) n += !u.rejected.empty();
  for (const auto& p : pegawai_) n += !p.rejected.empty();
  return n;
}

void Importer::Report(std::ostream& out) const {
  for (const auto& u : units_) {
    if (!u.rejected.empty()) out << units_path_ << ":" << u.line << ": rejected: " << u.rejected << "\n";
  }
  for (const auto& p : pegawai_) {
    if (!p.rejected.empty()) out << pegawai_path_ << ":" << p.line << ": rejected: " << p.rejected << "\n";
  }
  for (const auto& f : failures_) out << f << "\n";
}

std::string Importer::Summary() const {
  auto count = [](const auto& rows, auto pred) {
    size_t n = 0;
    for (const auto& r : rows) n += pred(r);
    return n;
  };
  std::ostringstream s;
  s << "units: " << units_.size() << " rows, " << units_written_ << " imported, "
    << count(units_, [](const UnitRow& u) { return u.existing; }) << " already registered, "
    << count(units_, [](const UnitRow& u) { return u.duplicate; }) << " duplicate rows, "
    << count(units_, [](const UnitRow& u) { return !u.rejected.empty(); }) << " rejected\n"
    << "pegawai: " << pegawai_.size() << " rows, " << pegawai_written_ << " imported, "
    << count(pegawai_, [](const PegawaiRow& p) { return p.existing; }) << " already registered, "
    << count(pegawai_, [](const PegawaiRow& p) { return p.duplicate; }) << " duplicate rows, "
    << count(pegawai_, [](const PegawaiRow& p) { return !p.rejected.empty(); }) << " rejected";
  if (failed_ > 0) s << "\nfailed writes: " << failed_;
  return s.str();
}

std::string Fingerprint(const std::string& row) { return eventstore::ToHex(eventstore::Sha256Raw(row)); }

int Importer::Write(bool /*skip_invalid*/) {
  const std::string correlation = "import-" + std::to_string(ctx_.now.micros);
  Progress progress(kCmd, "rows", unit_order_.size() + pegawai_order_.size());
  uint64_t done = 0;
  for (size_t i : unit_order_) {
    const UnitRow& u = units_[i];
    app::CommandOptions options;
    options.idempotency_key = "import:unit:" + u.cmd.id;
    options.fingerprint = Fingerprint(u.cmd.id + "\n" + u.cmd.name + "\n" + u.cmd.parent_id.value_or(""));
    options.correlation_id = correlation;
    options.partition_key = u.cmd.id;
    app::FactSource facts(store_, ctx_.today());
    const d::UnitCommand command = u.cmd;
    auto outcome = app::Execute<app::UnitTraits>(
        *store_, d::UnitStream(u.cmd.id), command,
        [&](const d::UnitState&) { return facts.ForUnit(command); }, ctx_, options);
    if (outcome.ok()) {
      ++units_written_;
    } else {
      ++failed_;
      failures_.push_back(units_path_ + ":" + std::to_string(u.line) + ": failed: " +
                          outcome.problem().code + ": " + outcome.problem().detail);
    }
    progress.Update(++done);
  }
  for (size_t i : pegawai_order_) {
    const PegawaiRow& p = pegawai_[i];
    const d::RegisterEmployee& c = p.cmd;
    app::CommandOptions options;
    options.idempotency_key = "import:pegawai:" + c.nip;
    options.fingerprint = Fingerprint(c.nip + "\n" + c.name + "\n" + d::ToString(c.status) + "\n" +
                                      c.unit_id + "\n" + c.jabatan + "\n" +
                                      d::ToString(c.jenis_jabatan) + "\n" +
                                      (c.golongan ? c.golongan->str() : "") + "\n" +
                                      c.supervisor_nip.value_or(""));
    options.correlation_id = correlation;
    options.partition_key = c.nip;
    app::FactSource facts(store_, ctx_.today());
    const d::PegawaiCommand command = c;
    auto outcome = app::Execute<app::PegawaiTraits>(
        *store_, d::PegawaiStream(c.nip), command,
        [&](const d::PegawaiState&) { return facts.ForPegawai(command); }, ctx_, options);
    if (outcome.ok()) {
      ++pegawai_written_;
    } else {
      ++failed_;
      failures_.push_back(pegawai_path_ + ":" + std::to_string(p.line) + ": failed: " +
                          outcome.problem().code + ": " + outcome.problem().detail);
    }
    progress.Update(++done);
  }
  progress.Finish();
  return failed_ == 0 ? kExitOk : kExitFailure;
}

}  // namespace

int RunImport(const std::vector<std::string>& args) {
  FlagSet flags = MakeFlags();
  int code = 0;
  if (!ParseCommandFlags(kCmd, flags, args, &code)) return code;
  const DataDir dir{flags.Get("data-dir")};
  if (dir.root.empty()) return Usage(kCmd, "--data-dir is required");
  if (!flags.IsSet("units") && !flags.IsSet("pegawai")) {
    return Usage(kCmd, "give --units FILE, --pegawai FILE or both");
  }
  bool dry_run = false, skip_invalid = false, sync = true;
  if (!ParseBool(flags.Get("dry-run"), &dry_run) ||
      !ParseBool(flags.Get("skip-invalid"), &skip_invalid) || !ParseBool(flags.Get("sync"), &sync)) {
    return Usage(kCmd, "--dry-run, --skip-invalid and --sync take true or false");
  }
  const std::string actor = flags.Get("actor");
  if (actor.empty()) return Usage(kCmd, "--actor must not be empty");

  std::string error;
  auto store = OpenEventLog(dir, !dry_run, sync, &error);
  if (!store) return Fail(kCmd, error);
  d::CommandContext ctx{d::Timestamp{eventstore::SystemClockMicros()}, actor};
  Importer importer(store.get(), ctx);
  if (flags.IsSet("units") && !importer.LoadUnits(flags.Get("units"), &error)) return Fail(kCmd, error);
  if (flags.IsSet("pegawai") && !importer.LoadPegawai(flags.Get("pegawai"), &error)) {
    return Fail(kCmd, error);
  }
  if (!importer.Validate(&error)) return Fail(kCmd, "reading the store failed: " + error);

  std::ofstream report_file;
  if (flags.IsSet("report")) {
    report_file.open(flags.Get("report"), std::ios::trunc);
    if (!report_file) return Fail(kCmd, "cannot write " + flags.Get("report"));
  }
  std::ostream& report = flags.IsSet("report") ? static_cast<std::ostream&>(report_file) : std::cerr;
  const size_t rejected = importer.rejected();
  if (dry_run || (rejected > 0 && !skip_invalid)) {
    importer.Report(report);
    std::cout << importer.Summary() << "\n";
    if (rejected > 0) {
      std::cout << (dry_run ? "dry run: " : "") << rejected
                << " rejected row(s): nothing was imported"
                << (dry_run ? "" : " (fix them, or give --skip-invalid)") << "\n";
      return kExitFailure;
    }
    std::cout << "dry run: every row is valid; nothing was written\n";
    return kExitOk;
  }
  const int written = importer.Write(skip_invalid);
  importer.Report(report);
  std::cout << importer.Summary() << "\n";
  if (written != kExitOk) return written;
  return rejected > 0 ? kExitFailure : kExitOk;
}

}  // namespace kinerja::cli
