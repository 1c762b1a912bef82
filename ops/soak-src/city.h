// The city the soak drives: units and pegawai read from the SIASN-shaped CSVs of ops/data/
// (columns as `kinerja import` reads them), with each pegawai's pejabat penilai (supervisor), the
// atasan pejabat penilai (the supervisor's supervisor) and subordinates resolved to indexes.
// SelectCity() picks a smaller city with the same shape (every unit, its head, a proportional
// share of each unit's staff, and every chosen pegawai's supervisor chain) and writes it as CSV.
//
// Thread-safety: a City is immutable once loaded; share it freely for reading.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kinerja::soak {

struct Person {
  std::string nip;
  std::string name;
  std::string unit_id;
  std::string jabatan;
  std::string jenis_jabatan;   // jpt, administrator, pengawas, pelaksana, fungsional
  int supervisor = -1;          // index of the pejabat penilai; -1 for unit heads
  int atasan = -1;              // index of the supervisor's supervisor; -1 when none
  std::vector<int> subordinates;
};

struct City {
  std::vector<std::string> unit_ids;                 // in file order
  std::vector<Person> people;                        // in file order (supervisors first)
  std::map<std::string, std::vector<int>> members;   // unit id -> people indexes
};

// Reads both CSVs. False and *error when a file cannot be read, a column is missing, or a
// pegawai names a supervisor that is not in the file.
[[nodiscard]] bool LoadCity(const std::string& units_csv, const std::string& pegawai_csv,
                            City* city, std::string* error);

// Writes a city of about `count` pegawai chosen from `pegawai_csv` (all of them when count is at
// least the file's size) to `pegawai_out`, and copies the units to `units_out`. Per unit: a share
// of `count` proportional to the unit's size (at least 1: the head), taken at even steps through
// the unit's rows; then every chosen pegawai's supervisors are added, so the result may hold a
// few more than `count`. *chosen gets the number written.
[[nodiscard]] bool SelectCity(const std::string& units_csv, const std::string& pegawai_csv,
                              int count, const std::string& units_out,
                              const std::string& pegawai_out, int* chosen, std::string* error);

}  // namespace kinerja::soak
