// The handlers of the query routes (GET, DESIGN.md §3), mounted by query_routes.cc. Each parses
// and validates its parameters (400), authorises the caller (403), honours ?minPosition= (503),
// then answers from one snapshot of the read models (404 for an unknown pegawai/unit).
// Answers (JSON; the stored documents are described in projections/*_projection.h):
//   GetEmployee       {nip,name,status,registeredFrom,asOf,unitId,unitName?,jabatan,jenisJabatan,
//                      golongan?,supervisorNip?,assignments:[{effectiveDate,unitId,...}],year,
//                      dashboard:{skp:{status,currentVersion,approvedVersion},progress:[...],
//                      appraisals:[{period,periodKind,status,predikat,finalized}],
//                      jp:{total,required,reached,shortfall,counted},recognitions,innovations,
//                      disciplinaryActions,openItems:[{kind,...}]}}; ETag: pegawai stream version
//   GetWorkPlan       the SKP document + progress:[...] + feedback:[...]; ETag: SKP stream version
//   GetAppraisals     {nip,year,appraisals:[appraisal documents in period order]}
//   GetTrainings      {nip,year,trainings:[...],jp:{...}}
//   GetInbox          {nip,asOf,subordinates,workPlansToApprove,appraisalsDue,
//                      appraisalsAwaitingFinalisation,objectionsToDecide}
//   GetUnitDashboard  {unitId,name,year,period,asOf,headcount,pns,pppk,skp:{STATE:n},
//                      predikat:{appraised,notAppraised,counts},curve|null,jp,followUps}
//   GetCityDashboard  {year,period,asOf,units:[{unitId,name,headcount,...}],totals}
//   GetFollowUps      {year,status?,followUps:[follow-up documents]}
// Thread-safety: handlers are reentrant; they run on the server's worker pool.
#pragma once

#include "api/app/app_context.h"
#include "api/http/route.h"

namespace kinerja::app::query {

http::Response GetEmployee(const AppContext& ctx, const http::Request& request);
http::Response GetWorkPlan(const AppContext& ctx, const http::Request& request);
http::Response GetAppraisals(const AppContext& ctx, const http::Request& request);
http::Response GetTrainings(const AppContext& ctx, const http::Request& request);
http::Response GetInbox(const AppContext& ctx, const http::Request& request);
http::Response GetUnitDashboard(const AppContext& ctx, const http::Request& request);
http::Response GetCityDashboard(const AppContext& ctx, const http::Request& request);
http::Response GetFollowUps(const AppContext& ctx, const http::Request& request);

}  // namespace kinerja::app::query
