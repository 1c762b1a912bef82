#include "ops/soak-src/city.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "api/cli/csv.h"

namespace kinerja::soak {

namespace {

const std::vector<std::string> kPegawaiColumns = {"nip", "nama", "unit_id", "jabatan",
                                                  "jenis_jabatan", "nip_atasan"};

bool ReadCsv(const std::string& path, const std::vector<std::string>& required,
             std::vector<cli::CsvRow>* rows, std::map<std::string, size_t>* columns,
             std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!cli::ParseCsv(text.str(), rows, error)) {
    *error = path + ": " + *error;
    return false;
  }
  if (rows->empty()) {
    *error = path + ": empty";
    return false;
  }
  std::vector<std::string> missing;
  *columns = cli::CsvColumns(rows->front(), required, &missing);
  if (!missing.empty()) {
    *error = path + ": missing column " + missing.front();
    return false;
  }
  return true;
}

std::string Field(const cli::CsvRow& row, const std::map<std::string, size_t>& columns,
                  const std::string& name) {
  const size_t i = columns.at(name);
  return i < row.fields.size() ? row.fields[i] : std::string();
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      line += f;
      continue;
    }
    line += '"';
    for (char c : f) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  return line + "\n";
}

bool WriteFile(const std::string& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace

bool LoadCity(const std::string& units_csv, const std::string& pegawai_csv, City* city,
              std::string* error) {
  std::vector<cli::CsvRow> rows;
  std::map<std::string, size_t> cols;
  if (!ReadCsv(units_csv, {"unit_id"}, &rows, &cols, error)) return false;
  for (size_t i = 1; i < rows.size(); ++i) city->unit_ids.push_back(Field(rows[i], cols, "unit_id"));
  rows.clear();
  if (!ReadCsv(pegawai_csv, kPegawaiColumns, &rows, &cols, error)) return false;
  std::map<std::string, int> index;
  std::vector<std::string> supervisor_nips;
  for (size_t i = 1; i < rows.size(); ++i) {
    Person p;
    p.nip = Field(rows[i], cols, "nip");
    p.name = Field(rows[i], cols, "nama");
    p.unit_id = Field(rows[i], cols, "unit_id");
    p.jabatan = Field(rows[i], cols, "jabatan");
    p.jenis_jabatan = Field(rows[i], cols, "jenis_jabatan");
    index[p.nip] = static_cast<int>(city->people.size());
    supervisor_nips.push_back(Field(rows[i], cols, "nip_atasan"));
    city->people.push_back(std::move(p));
  }
  for (size_t i = 0; i < city->people.size(); ++i) {
    Person& p = city->people[i];
    city->members[p.unit_id].push_back(static_cast<int>(i));
    if (supervisor_nips[i].empty()) continue;
    auto it = index.find(supervisor_nips[i]);
    if (it == index.end()) {
      *error = pegawai_csv + ": " + p.nip + " names supervisor " + supervisor_nips[i] +
               ", who is not in the file";
      return false;
    }
    p.supervisor = it->second;
    city->people[it->second].subordinates.push_back(static_cast<int>(i));
  }
  for (Person& p : city->people) {
    if (p.supervisor >= 0) p.atasan = city->people[p.supervisor].supervisor;
  }
  return true;
}

bool SelectCity(const std::string& units_csv, const std::string& pegawai_csv, int count,
                const std::string& units_out, const std::string& pegawai_out, int* chosen,
                std::string* error) {
  std::vector<cli::CsvRow> units, rows;
  std::map<std::string, size_t> unit_cols, cols;
  if (!ReadCsv(units_csv, {"unit_id"}, &units, &unit_cols, error)) return false;
  if (!ReadCsv(pegawai_csv, kPegawaiColumns, &rows, &cols, error)) return false;
  const size_t total = rows.size() - 1;
  std::map<std::string, std::vector<size_t>> by_unit;  // unit -> row indexes, file order
  std::map<std::string, size_t> row_of;                // nip -> row index
  for (size_t i = 1; i < rows.size(); ++i) {
    by_unit[Field(rows[i], cols, "unit_id")].push_back(i);
    row_of[Field(rows[i], cols, "nip")] = i;
  }
  std::set<size_t> picked;
  for (const auto& [unit, members] : by_unit) {
    const size_t size = members.size();
    size_t quota = size;
    if (count >= 0 && static_cast<size_t>(count) < total) {
      quota = static_cast<size_t>(std::llround(static_cast<double>(count) * size / total));
      quota = std::max<size_t>(1, std::min(quota, size));
    }
    for (size_t k = 0; k < quota; ++k) picked.insert(members[k * size / quota]);
  }
  // Every chosen pegawai's supervisor chain.
  std::vector<size_t> todo(picked.begin(), picked.end());
  while (!todo.empty()) {
    const size_t i = todo.back();
    todo.pop_back();
    const std::string boss = Field(rows[i], cols, "nip_atasan");
    if (boss.empty()) continue;
    auto it = row_of.find(boss);
    if (it == row_of.end()) {
      *error = pegawai_csv + ": supervisor " + boss + " is not in the file";
      return false;
    }
    if (picked.insert(it->second).second) todo.push_back(it->second);
  }
  std::string units_text, pegawai_text = CsvLine(rows[0].fields);
  for (const auto& row : units) units_text += CsvLine(row.fields);
  for (size_t i : picked) pegawai_text += CsvLine(rows[i].fields);  // std::set: file order
  *chosen = static_cast<int>(picked.size());
  return WriteFile(units_out, units_text, error) && WriteFile(pegawai_out, pegawai_text, error);
}

}  // namespace kinerja::soak
