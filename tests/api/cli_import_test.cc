// `kinerja import` through the real binary: 5,000 generated pegawai with a unit tree and
// supervisors listed after their staff, plus bad rows (invalid NIP, unknown unit, unknown
// supervisor, a NIP twice with different data, a supervision cycle, a row depending on a rejected
// supervisor). Without --skip-invalid nothing is written; with it exactly the valid rows; a re-run
// imports nothing new.
#include <gtest/gtest.h>

#include "eventstore/rocks_event_store.h"
#include "tests/api/cli_test_support.h"

namespace kinerja::testing {
namespace {

uint64_t Head(const std::string& data_dir) {
  eventstore::RocksOptions options;
  options.path = data_dir + "/events";
  options.create_if_missing = false;
  auto store = eventstore::RocksEventStore::Open(options);
  if (!store.ok()) return 0;
  return store.value()->head_position();
}

std::vector<std::string> Registered(const std::string& data_dir, const std::vector<std::string>& nips) {
  eventstore::RocksOptions options;
  options.path = data_dir + "/events";
  options.create_if_missing = false;
  auto store = eventstore::RocksEventStore::Open(options);
  std::vector<std::string> out;
  if (!store.ok()) return out;
  for (const auto& nip : nips) {
    auto v = store.value()->StreamVersion("pegawai-" + nip);
    if (v.ok() && v.value() > 0) out.push_back(nip);
  }
  return out;
}

TEST(CliImport, FiveThousandGeneratedPegawaiWithBadRows) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  GeneratedOrg org = GenerateOrg(5000);
  ASSERT_EQ(org.nips.size(), 5000u);
  // Bad rows appended after the 5,000 good ones (file line = 1 + 5000 + k).
  const std::string bad_nip = "197513452000011001";    // month 13
  const std::string cyc_a = GeneratedNip(20001), cyc_b = GeneratedNip(20002);
  const std::string dup = GeneratedNip(20003);
  const std::string orphan = GeneratedNip(20004), ghost = GeneratedNip(20005);
  const std::string lost_unit = GeneratedNip(20006), under_bad = GeneratedNip(20007);
  const std::string tail =
      bad_nip + ",Salah NIP,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + org.head_nip + "\n" +    // 5002
      lost_unit + ",Tanpa Unit,no-such-unit,X,Staf,pelaksana,II/a,PNS," + org.head_nip + "\n" +  // 5003
      orphan + ",Atasan Hantu,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + ghost + "\n" +         // 5004
      dup + ",Dua Kali,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + org.head_nip + "\n" +          // 5005
      dup + ",Dua Kali Beda,pemkot,Pemkot,Staf,pelaksana,II/b,PNS," + org.head_nip + "\n" +     // 5006
      cyc_a + ",Siklus A,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + cyc_b + "\n" +               // 5007
      cyc_b + ",Siklus B,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + cyc_a + "\n" +               // 5008
      under_bad + ",Bawahan,pemkot,Pemkot,Staf,pelaksana,II/a,PNS," + bad_nip + "\n";           // 5009
  WriteAll(dir.path() + "/units.csv", org.units_csv);
  WriteAll(dir.path() + "/pegawai.csv", org.pegawai_csv + tail);
  const std::vector<std::string> base = {"import",  "--data-dir", data, "--units",
                                         dir.path() + "/units.csv", "--pegawai",
                                         dir.path() + "/pegawai.csv", "--sync=false"};

  // Without --skip-invalid: refused, every reason reported, nothing written.
  Ran refused = Kinerja(base);
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  const std::string p = dir.path() + "/pegawai.csv:";
  for (const std::string& expected :
       {p + "5002: rejected: nip.", p + "5003: rejected: unit 'no-such-unit' is neither",
        p + "5004: rejected: supervisor " + ghost + " is neither in the file nor registered",
        p + "5005: rejected: NIP " + dup + " also on line 5006 with different data",
        p + "5006: rejected: NIP " + dup + " also on line 5005 with different data",
        p + "5007: rejected: supervision cycle", p + "5008: rejected: supervision cycle",
        p + "5009: rejected: nip.invalid: NIP/NI '" + bad_nip}) {
    EXPECT_NE(refused.err.find(expected), std::string::npos) << expected << "\n" << refused.err;
  }
  EXPECT_NE(refused.out.find("8 rejected row(s): nothing was imported"), std::string::npos)
      << refused.out;
  EXPECT_EQ(Head(data), 0u);

  // --dry-run --skip-invalid writes nothing either.
  std::vector<std::string> dry = base;
  dry.push_back("--dry-run");
  EXPECT_EQ(Kinerja(dry).exit_code, 1);
  EXPECT_EQ(Head(data), 0u);

  // --skip-invalid: exactly the valid rows (16 units + 5,000 pegawai), report to a file.
  std::vector<std::string> skip = base;
  skip.insert(skip.end(), {"--skip-invalid", "--report", dir.path() + "/report.txt"});
  Ran imported = Kinerja(skip);
  EXPECT_EQ(imported.exit_code, 1) << "rows were rejected: " << imported.all();
  EXPECT_NE(imported.out.find("units: 16 rows, 16 imported"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("pegawai: 5008 rows, 5000 imported, 0 already registered, 0 "
                              "duplicate rows, 8 rejected"),
            std::string::npos)
      << imported.out;
  const std::string report = ReadAll(dir.path() + "/report.txt");
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 8) << report;
  EXPECT_EQ(Head(data), 16u + 5000u);
  EXPECT_EQ(Registered(data, org.nips).size(), 5000u);
  EXPECT_TRUE(Registered(data, {bad_nip, lost_unit, orphan, dup, cyc_a, cyc_b, under_bad}).empty());

  // Re-run: nothing new; the valid rows are "already registered".
  Ran again = Kinerja(skip);
  EXPECT_NE(again.out.find("units: 16 rows, 0 imported, 16 already registered"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("pegawai: 5008 rows, 0 imported, 5000 already registered"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(Head(data), 16u + 5000u);

  // A registered pegawai with different data in a new file is rejected, not overwritten.
  WriteAll(dir.path() + "/changed.csv",
           "nip,nama,unit_id,nama_unit,jabatan,jenis_jabatan,golongan,status,nip_atasan\n" +
               org.head_nip + ",Orang Lain,pemkot,Pemkot,Kepala,administrator,IV/a,PNS,\n");
  Ran changed = Kinerja({"import", "--data-dir", data, "--pegawai", dir.path() + "/changed.csv"});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("already registered with different data: nama"), std::string::npos)
      << changed.err;
  EXPECT_EQ(Head(data), 16u + 5000u);
}

TEST(CliImport, CsvQuotingUnitCyclesAndUsage) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  WriteAll(dir.path() + "/units.csv",
           "unit_id,nama_unit,induk_unit_id\r\n"
           "root,\"Pemerintah Kota, \"\"Pontianak\"\"\",\r\n"
           "a,Unit A,b\r\nb,Unit B,a\r\n"      // a cycle
           "c,Unit C,nowhere\r\n"              // unknown parent
           "Bad_Id,Unit,root\r\n"              // invalid id
           "d,Unit D,root\r\n");
  Ran ran = Kinerja({"import", "--data-dir", data, "--units", dir.path() + "/units.csv",
                     "--skip-invalid", "--sync=false"});
  EXPECT_EQ(ran.exit_code, 1);
  EXPECT_NE(ran.err.find("units.csv:3: rejected: parent cycle"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("units.csv:4: rejected: parent cycle"), std::string::npos) << ran.err;
  EXPECT_NE(ran.err.find("units.csv:5: rejected: parent unit 'nowhere'"), std::string::npos);
  EXPECT_NE(ran.err.find("units.csv:6: rejected: unit."), std::string::npos) << ran.err;
  EXPECT_EQ(Head(data), 2u);
  Ran state = Kinerja({"state", "--data-dir", data, "--stream", "unit-root"});
  EXPECT_EQ(state.exit_code, 0) << state.all();
  EXPECT_NE(state.out.find("Pemerintah Kota, \\\"Pontianak\\\""), std::string::npos) << state.out;

  EXPECT_EQ(Kinerja({"import", "--data-dir", data}).exit_code, 2);
  EXPECT_EQ(Kinerja({"import", "--units", "x.csv"}).exit_code, 2);
  WriteAll(dir.path() + "/nohead.csv", "nip,nama\n1,2\n");
  Ran missing = Kinerja({"import", "--data-dir", data, "--pegawai", dir.path() + "/nohead.csv"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("missing column(s): unit_id"), std::string::npos) << missing.err;
  Ran help = Kinerja({"import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("nip_atasan"), std::string::npos);
}

}  // namespace
}  // namespace kinerja::testing
