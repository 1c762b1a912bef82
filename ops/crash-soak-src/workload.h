// The crash soak's workload: a small organisation (units, each with a kepala (head), supervisors
// under the head and staff under each supervisor) and, per unit and per person, a fixed script of
// REST commands of DESIGN.md §3 that walks a year: registration by the admin, SKP drafted,
// submitted, returned, resubmitted and approved, progress and feedback, periodic appraisals
// (accepted, objected and decided), innovations, trainings, recognitions, discipline, the
// annual appraisal finalised (which makes kinerjad's follow-up policy append a recommendation),
// then an endless tail of progress and feedback. Every command is on a stream that only its
// item's script writes, so a correct server answers every one with 201 (never 409/422).
// Thread-safety: an Item is driven by one worker thread at a time; acked_steps may be read
// from any thread (dependencies between items).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace kinerja::crashsoak {

// One REST command as sent (the Idempotency-Key is added by the runner).
struct Command {
  std::string label;  // e.g. "SubmitWorkPlan"
  std::string path;
  std::string body;
  std::string sub;    // token subject
  bool admin = false;  // token roles: admin, else pegawai
};

enum class ItemKind { kUnit, kHead, kSupervisor, kStaff };

struct Item {
  ItemKind kind = ItemKind::kUnit;
  int index = 0;           // position in Workload::items
  std::string id;          // unit id or NIP
  std::string name;
  std::string unit_id;
  int supervisor = -1;     // item index of the pejabat penilai (-1: none)
  int atasan = -1;         // item index of the supervisor's supervisor (-1: none)
  int depends_on = -1;     // item index whose first command must be acknowledged first
  int grade = 0;           // selects the annual ratings (predikat) of a person
  // Script state, owned by the driving worker.
  int step = 0;
  std::string innovation_id;
  std::string training_id;
  // Steps acknowledged (2xx); read by other workers for dependencies.
  std::atomic<int> acked_steps{0};
};

class Workload {
 public:
  // units x (1 head + supervisors x (1 + staff)) people; `year` is the SKP/appraisal year.
  Workload(int units, int supervisors_per_unit, int staff_per_supervisor, int year);

  std::vector<std::unique_ptr<Item>>& items() { return items_; }
  // Every token subject the commands use, with admin or not (for minting tokens up front).
  std::vector<std::pair<std::string, bool>> Subjects() const;
  // The item's next command; false while it waits for another item (depends_on).
  bool Next(const Item& item, Command* out) const;
  // Advances the item after a 2xx answer (body: the answer, for server-chosen ids).
  void Advance(Item& item, const std::string& body) const;
  // A person item's NIP for reads (empty for units).
  int year() const { return year_; }

  static constexpr const char* kAdmin = "bkpsdm-admin";

 private:
  bool StaffStep(const Item& p, Command* c) const;
  bool SupervisorStep(const Item& p, Command* c) const;
  bool HeadStep(const Item& p, Command* c) const;
  bool UnitStep(const Item& u, Command* c) const;

  std::vector<std::unique_ptr<Item>> items_;
  int year_;
};

}  // namespace kinerja::crashsoak
