// Test support for the `kinerja` command-line suites (cli_*_test.cc): the real build/kinerja run
// as a child process, temporary directories, and a generator of SIASN-style CSV files (a unit tree
// and pegawai with valid NIPs by domain/nip.h's rules and supervisors), written at test time.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

extern char** environ;

namespace kinerja::testing {

inline const std::string kKinerjaBin = std::string(KINERJA_BIN_DIR) + "/kinerja";

inline void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

struct Ran {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
  std::string all() const { return out + err; }
};

// Runs build/kinerja with `args`; KINERJA_* variables are removed from the child's environment,
// progress output is plain.
inline Ran Kinerja(const std::vector<std::string>& args) {
  TempDir dir;
  const std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv = {kKinerjaBin};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargs;
  for (auto& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("KINERJA_", 0) != 0) env.emplace_back(*e);
  }
  env.emplace_back("KINERJA_PROGRESS=plain");
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, cargs[0], &actions, nullptr, cargs.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn kinerja failed");
  int status = 0;
  Ran ran;
  if (waitpid(pid, &status, 0) == pid) {
    ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  ran.out = ReadAll(out_path);
  ran.err = ReadAll(err_path);
  return ran;
}

// A valid PNS NIP for index i (unique for i < 999 * 28 * 12): birth date 1975-MM-DD, CPNS TMT
// 2000-MM (>= 18th birthday), gender 1/2, sequence 001..999.
inline std::string GeneratedNip(int i) {
  const int seq = i % 999 + 1;
  const int day = (i / 999) % 28 + 1;
  const int month = (i / (999 * 28)) % 12 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "1975%02d%02d2000%02d%d%03d", month, day, (seq % 12) + 1,
                1 + (i % 2), seq);
  return buf;
}

struct GeneratedOrg {
  std::string units_csv;
  std::string pegawai_csv;
  std::vector<std::string> unit_ids;
  std::vector<std::string> nips;  // every generated (valid) pegawai
  std::string head_nip;           // the root unit's head (no supervisor)
};

// A unit tree (root, `dinas` children, two bidang under each) and `count` pegawai: one head per
// unit supervised by the parent unit's head, the rest staff supervised by their unit's head.
// Rows are written staff first (supervisors AFTER their staff) so the importer must order them.
// Names contain commas and quotes (RFC 4180 quoting).
inline GeneratedOrg GenerateOrg(int count, int dinas = 5) {
  GeneratedOrg org;
  std::ostringstream units;
  units << "unit_id,nama_unit,induk_unit_id\n";
  std::vector<std::pair<std::string, std::string>> unit_parent = {{"pemkot", ""}};
  for (int d = 0; d < dinas; ++d) {
    const std::string dinas_id = "dinas-" + std::to_string(d);
    unit_parent.emplace_back(dinas_id, "pemkot");
    for (int b = 0; b < 2; ++b) {
      unit_parent.emplace_back(dinas_id + "-bidang-" + std::to_string(b), dinas_id);
    }
  }
  // Children before parents in the file, too.
  for (auto it = unit_parent.rbegin(); it != unit_parent.rend(); ++it) {
    units << it->first << ",\"Unit " << it->first << ", Kota Pontianak\"," << it->second << "\n";
    org.unit_ids.push_back(it->first);
  }
  org.units_csv = units.str();

  std::map<std::string, std::string> head_of;  // unit -> head NIP
  int next = 0;
  std::vector<std::string> rows;
  for (const auto& [unit, parent] : unit_parent) {
    const std::string nip = GeneratedNip(next++);
    head_of[unit] = nip;
    const std::string sup = parent.empty() ? "" : head_of[parent];
    rows.push_back(nip + ",\"Kepala " + unit + ", S.E.\"," + unit + ",Unit " + unit +
                   ",Kepala,administrator,IV/a,PNS," + sup);
    org.nips.push_back(nip);
  }
  org.head_nip = head_of["pemkot"];
  std::vector<std::string> staff;
  while (next < count) {
    const auto& unit = unit_parent[next % unit_parent.size()].first;
    const std::string nip = GeneratedNip(next++);
    staff.push_back(nip + ",\"Staf \"\"" + std::to_string(next) + "\"\", A.Md.\"," + unit +
                    ",Unit " + unit + ",Pengelola Data,pelaksana,II/c,PNS," + head_of[unit]);
    org.nips.push_back(nip);
  }
  std::ostringstream pegawai;
  pegawai << "nip,nama,unit_id,nama_unit,jabatan,jenis_jabatan,golongan,status,nip_atasan\n";
  for (const auto& r : staff) pegawai << r << "\n";
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) pegawai << *it << "\n";
  org.pegawai_csv = pegawai.str();
  return org;
}

}  // namespace kinerja::testing
