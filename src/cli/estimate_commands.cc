// estimate (log-linear and latent-class MSE) and estimate testimony.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/csv_writer.h"
#include "core/partial_date.h"
#include "estimate/estimate.h"
#include "text/text.h"

namespace sijil::cli {
namespace {

using estimate::CaptureHistories;

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string Fixed(double value, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << value;
  return out.str();
}

// ---------------------------------------------------------------------------
// Histories from the store

// Returns the canonical name (the gazetteer's) of a record's governorate,
// district or city, so "Al-Hasaka", "Al-Hasakah" and "الحسكة" make one
// stratum; a district or city also implies its governorate. Falls back to
// the value as written when the gazetteer does not know it.
std::string PlaceValue(const Record& record, const std::string& level) {
  auto pick = [&level](const text::PlaceMatch& match) -> const std::string& {
    return level == "governorate" ? match.governorate
           : level == "district"  ? match.district
                                  : match.city;
  };
  const std::string* written[] = {&record.city, &record.district, &record.governorate};
  const int own = level == "city" ? 0 : level == "district" ? 1 : 2;
  // The place's own field first, then the finer ones that imply it.
  for (int i = own; i >= 0; --i) {
    if (written[i]->empty()) continue;
    if (std::optional<text::PlaceMatch> match = text::ResolvePlace(*written[i])) {
      if (!pick(*match).empty()) return pick(*match);
    }
  }
  return *written[own];
}

// Returns the value of `field` in `record` used to stratify: a canonical
// field, a year derived from a date (arrest_year, birth_year, status_year),
// or an extra column of the source.
std::string FieldValue(const Record& record, const std::string& field) {
  auto year = [](const PartialDate& date) {
    return date.known() ? std::to_string(date.year()) : std::string();
  };
  if (field == "arrest_year") return year(record.arrest_date);
  if (field == "birth_year") return year(record.birth_date);
  if (field == "status_year") return year(record.status_date);
  if (field == "sex") return std::string(SexCode(record.sex));
  if (field == "status") return std::string(VictimStatusName(record.status));
  if (field == "governorate" || field == "district" || field == "city") {
    return PlaceValue(record, field);
  }
  if (field == "facility") return record.facility;
  if (field == "arresting_party") return record.arresting_party;
  if (field == "arrest_place") return record.arrest_place;
  for (const auto& [name, value] : record.extra) {
    if (name == field) return value;
  }
  return "";
}

bool IsCanonicalStratum(const std::string& field) {
  static const char* const kFields[] = {"arrest_year", "birth_year",      "status_year", "sex",
                                        "status",      "governorate",     "district",    "city",
                                        "facility",    "arresting_party", "arrest_place"};
  return std::find(std::begin(kFields), std::end(kFields), field) != std::end(kFields);
}

// A person's value of a field: the most frequent non-empty value among their
// records (ties to the first seen), "unknown" when none has one.
std::string PersonValue(const std::vector<const Record*>& records, const std::string& field) {
  std::vector<std::pair<std::string, int>> counts;
  for (const Record* record : records) {
    const std::string value = FieldValue(*record, field);
    if (value.empty()) continue;
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& count) { return count.first == value; });
    if (it == counts.end()) {
      counts.emplace_back(value, 1);
    } else {
      ++it->second;
    }
  }
  if (counts.empty()) return "unknown";
  return std::max_element(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

}  // namespace

Result<std::map<std::string, CaptureHistories>> HistoriesFromStore(
    store::Store& store, const std::vector<std::string>& by) {
  ASSIGN_OR_RETURN(std::optional<store::LinkRunInfo> run, store.LatestLinkRun());
  if (!run) return FailedPreconditionError("no linked persons yet: run `sijil link` first");
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   store.ListPersonMembers("", Sensitivity::kConfidential));
  const bool with_raw = !std::all_of(by.begin(), by.end(), IsCanonicalStratum);
  std::map<store::RecordRef, Record> records;
  if (!by.empty()) {
    store::RecordQuery query;
    query.with_raw = with_raw;
    RETURN_IF_ERROR(store.ForEachRecord(query, [&](const store::StoredRecord& stored) {
      records[{stored.source, stored.record.record_id}] = stored.record;
      return OkStatus();
    }));
  }
  std::vector<std::string> lists;
  lists.reserve(members.size());
  for (const store::PersonMember& member : members) lists.push_back(member.record.source);
  std::sort(lists.begin(), lists.end());
  lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
  struct Person {
    uint32_t pattern = 0;
    std::vector<const Record*> records;
  };
  std::map<std::string, Person> persons;
  for (const store::PersonMember& member : members) {
    Person& person = persons[member.person_id];
    const auto list = std::lower_bound(lists.begin(), lists.end(), member.record.source);
    person.pattern |= 1u << (list - lists.begin());
    if (auto it = records.find(member.record); it != records.end()) {
      person.records.push_back(&it->second);
    }
  }
  std::vector<estimate::PersonObservation> observations;
  for (const auto& [person_id, person] : persons) {
    std::string stratum;
    for (const std::string& field : by) {
      stratum += (stratum.empty() ? "" : "|") + PersonValue(person.records, field);
    }
    observations.push_back({stratum, person.pattern});
  }
  if (lists.size() > static_cast<size_t>(estimate::kMaxLists)) {
    return InvalidArgumentError("the link run has " + std::to_string(lists.size()) +
                                " sources; estimates take at most 16 lists: choose some with "
                                "--lists or merge some with --merge");
  }
  return estimate::StratifyPersons(lists, observations);
}

namespace {

Result<std::map<std::string, CaptureHistories>> LoadHistories(const GlobalOptions& global,
                                                              const EstimateOptions& options) {
  std::map<std::string, CaptureHistories> strata;
  const std::vector<std::string> by = SplitComma(options.by);
  if (!options.histories.empty()) {
    if (!by.empty()) {
      return InvalidArgumentError(
          "--by needs linked persons from the database, not --histories "
          "(a histories file has one table: split it into files)");
    }
    ASSIGN_OR_RETURN(CaptureHistories histories, estimate::ReadHistoriesFile(options.histories));
    strata.emplace("", std::move(histories));
  } else {
    ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
    ASSIGN_OR_RETURN(strata, HistoriesFromStore(*store, by));
  }
  for (auto& [stratum, histories] : strata) {
    if (!options.merge.empty()) {
      ASSIGN_OR_RETURN(histories, estimate::ApplyMergeSpec(histories, options.merge));
    }
    if (!options.lists.empty()) {
      ASSIGN_OR_RETURN(histories, estimate::SelectLists(histories, SplitComma(options.lists)));
    }
  }
  return strata;
}

// ---------------------------------------------------------------------------
// Estimates

// One method's result on one stratum, as printed.
struct Outcome {
  std::string stratum;
  nlohmann::json json;
  std::vector<std::string> row;                // the summary table row
  std::vector<std::vector<std::string>> more;  // alternatives, for people
  std::string more_note;                       // printed under the alternatives
  std::vector<std::vector<int64_t>> chains;    // posterior draws of N (lcmcr), per chain
};

nlohmann::json FitJson(const estimate::LogLinearFit& fit) {
  nlohmann::json json = {
      {"model", fit.name},  {"estimate", fit.estimate}, {"stderr", fit.stderr_estimate},
      {"lower", fit.lower}, {"upper", fit.upper},       {"deviance", fit.deviance},
      {"df", fit.df},       {"aic", fit.aic},           {"bic", fit.bic}};
  if (fit.upper_unbounded) json["upper_unbounded"] = true;
  if (!fit.warnings.empty()) json["warnings"] = fit.warnings;
  return json;
}

Result<Outcome> RunLogLinear(const CaptureHistories& histories, const EstimateOptions& options) {
  estimate::LogLinearOptions fit_options;
  fit_options.level = options.level;
  std::vector<estimate::LogLinearFit> fits;
  nlohmann::json diagnostics;
  std::string average_note;
  if (!options.model.empty()) {
    ASSIGN_OR_RETURN(estimate::LogLinearModel model,
                     estimate::ParseModel(options.model, histories.lists));
    ASSIGN_OR_RETURN(estimate::LogLinearFit fit,
                     estimate::FitLogLinear(histories, model, fit_options));
    fits.push_back(std::move(fit));
    diagnostics["model_choice"] = "fixed";
  } else {
    estimate::SearchOptions search_options;
    search_options.fit = fit_options;
    search_options.criterion =
        options.criterion == "bic" ? estimate::Criterion::kBic : estimate::Criterion::kAic;
    search_options.max_order = options.max_order;
    ASSIGN_OR_RETURN(estimate::ModelSearch search,
                     estimate::SearchModels(histories, search_options));
    fits = std::move(search.fits);
    diagnostics["model_choice"] = options.criterion;
    diagnostics["models_considered"] = search.models_considered;
    diagnostics["models_failed"] = search.models_failed;
    diagnostics["search"] = search.exhaustive ? "exhaustive" : "stepwise";
    const estimate::ModelAverage& average = search.average;
    diagnostics["model_average"] = {
        {"estimate", average.estimate}, {"stderr", average.stderr_estimate},
        {"lower", average.lower},       {"upper", average.upper},
        {"models", average.models},     {"chosen_model_weight", average.best_weight}};
    average_note = options.criterion + "-weighted average over " + std::to_string(average.models) +
                   " models (carries the model choice): " + Fixed(average.estimate, 1) + " (" +
                   Fixed(average.lower, 1) + " - " + Fixed(average.upper, 1) +
                   "); the chosen model's weight " + Fixed(average.best_weight, 3);
  }
  const estimate::LogLinearFit& best = fits.front();
  diagnostics.update(FitJson(best));
  nlohmann::json alternatives = nlohmann::json::array();
  Outcome outcome;
  outcome.more_note = std::move(average_note);
  outcome.more.push_back({"model", "AIC", "BIC", "estimate", "lower", "upper"});
  for (const estimate::LogLinearFit& fit : fits) {
    if (&fit != &best) alternatives.push_back(FitJson(fit));
    outcome.more.push_back({fit.name, Fixed(fit.aic, 3), Fixed(fit.bic, 3), Fixed(fit.estimate, 1),
                            Fixed(fit.lower, 1),
                            fit.upper_unbounded ? "unbounded" : Fixed(fit.upper, 1)});
  }
  if (options.model.empty()) diagnostics["alternatives"] = alternatives;
  outcome.json = {{"method", "loglinear"},     {"observed", best.observed},
                  {"estimate", best.estimate}, {"lower", best.lower},
                  {"upper", best.upper},       {"level", best.level},
                  {"diagnostics", diagnostics}};
  outcome.row = {"loglinear " + best.name,
                 std::to_string(best.observed),
                 Fixed(best.estimate, 1),
                 Fixed(best.lower, 1),
                 best.upper_unbounded ? "unbounded" : Fixed(best.upper, 1),
                 "AIC " + Fixed(best.aic, 3)};
  for (const std::string& warning : best.warnings) std::cerr << "warning: " << warning << "\n";
  return outcome;
}

Result<Outcome> RunLatentClass(const CaptureHistories& histories, const EstimateOptions& options) {
  estimate::LatentClassOptions lcmcr;
  lcmcr.classes = options.classes;
  lcmcr.burnin = options.burnin;
  lcmcr.samples = options.samples;
  lcmcr.thinning = options.thinning;
  lcmcr.chains = options.chains;
  lcmcr.threads = 2;
  lcmcr.seed = options.seed;
  lcmcr.level = options.level;
  ASSIGN_OR_RETURN(estimate::LatentClassResult result,
                   estimate::SampleLatentClass(histories, lcmcr));
  Outcome outcome;
  const nlohmann::json diagnostics = {{"r_hat", result.r_hat},        {"ess", result.ess},
                                      {"chains", lcmcr.chains},       {"samples", lcmcr.samples},
                                      {"burn_in", lcmcr.burnin},      {"thinning", lcmcr.thinning},
                                      {"classes", lcmcr.classes},     {"seed", lcmcr.seed},
                                      {"a_alpha", lcmcr.a_alpha},     {"b_alpha", lcmcr.b_alpha},
                                      {"posterior_mean", result.mean}};
  outcome.json = {{"method", "lcmcr"},         {"observed", result.observed},
                  {"estimate", result.median}, {"lower", result.lower},
                  {"upper", result.upper},     {"level", result.level},
                  {"diagnostics", diagnostics}};
  outcome.row = {"lcmcr (posterior median)",
                 std::to_string(result.observed),
                 Fixed(result.median, 0),
                 Fixed(result.lower, 0),
                 Fixed(result.upper, 0),
                 "R-hat " + Fixed(result.r_hat, 3) + ", ESS " + Fixed(result.ess, 0)};
  if (result.r_hat > 1.1) {
    std::cerr << "warning: R-hat " << Fixed(result.r_hat, 3)
              << " > 1.1: the chains disagree; run longer (--burn-in, --samples, --thinning)\n";
  }
  outcome.chains = std::move(result.chains);
  return outcome;
}

// A histogram of each posterior of N, one panel per stratum, hand-written SVG.
Status WritePlot(const std::string& path, const std::vector<Outcome>& outcomes) {
  constexpr int kWidth = 640, kPanel = 240, kBins = 40, kMargin = 40;
  std::vector<const Outcome*> panels;
  for (const Outcome& outcome : outcomes) {
    if (!outcome.chains.empty()) panels.push_back(&outcome);
  }
  if (panels.empty())
    return InvalidArgumentError("--plot draws the posterior of N: add --method lcmcr");
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\""
      << kPanel * panels.size() << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  for (size_t panel_idx = 0; panel_idx < panels.size(); ++panel_idx) {
    const Outcome& outcome = *panels[panel_idx];
    std::vector<int64_t> draws;
    for (const std::vector<int64_t>& chain : outcome.chains) {
      draws.insert(draws.end(), chain.begin(), chain.end());
    }
    std::sort(draws.begin(), draws.end());
    const double low = static_cast<double>(draws.front()), high = static_cast<double>(draws.back());
    const double width = std::max(1.0, (high - low) / kBins);
    std::vector<int> bins(kBins + 1);
    for (int64_t draw : draws)
      ++bins[static_cast<size_t>((static_cast<double>(draw) - low) / width)];
    const int tallest = *std::max_element(bins.begin(), bins.end());
    const double top = static_cast<double>(kPanel * panel_idx) + 30, bottom = top + kPanel - 70;
    const double plot_width = kWidth - 2 * kMargin, bar_width = plot_width / (kBins + 1);
    auto x_of = [&](double value) { return kMargin + (value - low) / width * bar_width; };
    const double median = outcome.json["estimate"], lower = outcome.json["lower"],
                 upper = outcome.json["upper"];
    svg << "<text x=\"" << kMargin << "\" y=\"" << top - 10 << "\">Posterior of N"
        << (outcome.stratum.empty() ? "" : " — " + outcome.stratum) << ": median "
        << Fixed(median, 0) << ", " << Fixed(100 * outcome.json["level"].get<double>(), 0)
        << "% interval " << Fixed(lower, 0) << "–" << Fixed(upper, 0) << "</text>\n";
    svg << "<rect x=\"" << x_of(lower) << "\" y=\"" << top << "\" width=\""
        << x_of(upper) - x_of(lower) << "\" height=\"" << bottom - top << "\" fill=\"#dde8f5\"/>\n";
    for (size_t bin = 0; bin < bins.size(); ++bin) {
      const double height = (bottom - top) * bins[bin] / tallest;
      svg << "<rect x=\"" << kMargin + static_cast<double>(bin) * bar_width << "\" y=\""
          << bottom - height << "\" width=\"" << bar_width - 1 << "\" height=\"" << height
          << "\" fill=\"#3b6ea5\"/>\n";
    }
    svg << "<line x1=\"" << x_of(median) << "\" x2=\"" << x_of(median) << "\" y1=\"" << top
        << "\" y2=\"" << bottom << "\" stroke=\"#b22\" stroke-width=\"2\"/>\n";
    svg << "<line x1=\"" << kMargin << "\" x2=\"" << kWidth - kMargin << "\" y1=\"" << bottom
        << "\" y2=\"" << bottom << "\" stroke=\"black\"/>\n";
    svg << "<text x=\"" << kMargin << "\" y=\"" << bottom + 16 << "\">" << Fixed(low, 0)
        << "</text><text x=\"" << kWidth - kMargin << "\" y=\"" << bottom + 16
        << "\" text-anchor=\"end\">" << Fixed(high, 0) << "</text>\n";
    svg << "<text x=\"" << kWidth / 2 << "\" y=\"" << bottom + 32
        << "\" text-anchor=\"middle\">N (persons, observed and unobserved)</text>\n";
  }
  svg << "</svg>\n";
  std::ofstream out(path, std::ios::binary);
  out << svg.str();
  if (!out) return InvalidArgumentError(path + ": cannot write the plot");
  return OkStatus();
}

// Every kept draw of N, in sampling order, for diagnostics elsewhere (coda,
// ArviZ): one row per draw with its stratum, chain and index in the chain.
Status WriteDraws(const std::string& path, const std::vector<Outcome>& outcomes) {
  if (std::none_of(outcomes.begin(), outcomes.end(),
                   [](const Outcome& outcome) { return !outcome.chains.empty(); })) {
    return InvalidArgumentError("--draws writes the posterior of N: add --method lcmcr");
  }
  std::ofstream out(path, std::ios::binary);
  CsvWriter csv(out);
  csv.WriteRow({"stratum", "chain", "draw", "N"});
  for (const Outcome& outcome : outcomes) {
    for (size_t chain = 0; chain < outcome.chains.size(); ++chain) {
      const std::vector<int64_t>& draws = outcome.chains[chain];
      for (size_t draw = 0; draw < draws.size(); ++draw) {
        csv.WriteRow({outcome.stratum, std::to_string(chain + 1), std::to_string(draw + 1),
                      std::to_string(draws[draw])});
      }
    }
  }
  out.flush();
  if (!out) return InvalidArgumentError(path + ": cannot write the draws");
  return OkStatus();
}

Status CheckEstimateOptions(const EstimateOptions& options) {
  if (options.method != "loglinear" && options.method != "lcmcr" && options.method != "all") {
    return InvalidArgumentError("--method: expected loglinear, lcmcr or all, got '" +
                                options.method + "'");
  }
  if (options.criterion != "aic" && options.criterion != "bic") {
    return InvalidArgumentError("--criterion: expected aic or bic, got '" + options.criterion +
                                "'");
  }
  if (!(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError("--level: expected a number between 0 and 1");
  }
  return OkStatus();
}

void PrintOutcomes(const std::vector<Outcome>& outcomes, double level) {
  const bool stratified = !outcomes.front().stratum.empty();
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"method", "observed", "estimate", "lower", "upper", "diagnostics"});
  if (stratified) rows.front().insert(rows.front().begin(), "stratum");
  for (const Outcome& outcome : outcomes) {
    rows.push_back(outcome.row);
    if (stratified) rows.back().insert(rows.back().begin(), outcome.stratum);
  }
  PrintTable(rows);
  std::cout << "level " << Fixed(level, 2)
            << "; log-linear: Poisson estimate with profile-likelihood interval; lcmcr: "
               "posterior median with equal-tailed credible interval\n";
  for (const Outcome& outcome : outcomes) {
    if (outcome.more.size() <= 2) continue;
    std::cout << "\nmodels compared" << (stratified ? " (" + outcome.stratum + ")" : "") << ":\n";
    PrintTable(outcome.more);
    if (!outcome.more_note.empty()) std::cout << outcome.more_note << "\n";
  }
}

Status RunEstimate(const GlobalOptions& global, const EstimateOptions& options) {
  RETURN_IF_ERROR(CheckEstimateOptions(options));
  ASSIGN_OR_RETURN(auto strata, LoadHistories(global, options));
  std::vector<Outcome> outcomes;
  Status first_error;
  int estimated = 0;
  for (const auto& entry : strata) {
    const std::string& stratum = entry.first;
    const CaptureHistories& histories = entry.second;
    // A stratum that cannot be estimated (too few persons, a list that saw
    // nobody) is reported as such; the others still are.
    auto add = [&](const char* method, Result<Outcome> outcome) -> Status {
      if (!outcome.ok()) {
        if (stratum.empty()) return outcome.status();
        const std::string message = std::string(outcome.status().message());
        std::cerr << "warning: stratum " << stratum << ", " << method << ": " << message << "\n";
        if (first_error.ok()) first_error = outcome.status();
        outcome = Outcome{};
        outcome->json = {
            {"method", method}, {"observed", histories.observed()}, {"error", message}};
        outcome->row = {method,         std::to_string(histories.observed()), "-", "-", "-",
                        "not estimable"};
      } else {
        ++estimated;
      }
      outcome->stratum = stratum;
      if (!stratum.empty()) outcome->json["stratum"] = stratum;
      outcome->json["lists"] = histories.lists;
      outcomes.push_back(std::move(*outcome));
      return OkStatus();
    };
    if (options.method != "lcmcr") {
      RETURN_IF_ERROR(add("loglinear", RunLogLinear(histories, options)));
    }
    if (options.method != "loglinear") {
      RETURN_IF_ERROR(add("lcmcr", RunLatentClass(histories, options)));
    }
  }
  if (estimated == 0) return first_error;
  if (!options.plot.empty()) RETURN_IF_ERROR(WritePlot(options.plot, outcomes));
  if (!options.draws_file.empty()) RETURN_IF_ERROR(WriteDraws(options.draws_file, outcomes));
  if (global.json) {
    if (outcomes.size() == 1) {
      PrintJson(outcomes.front().json);
    } else {
      nlohmann::json list = nlohmann::json::array();
      for (const Outcome& outcome : outcomes) list.push_back(outcome.json);
      PrintJson(list);
    }
    return OkStatus();
  }
  PrintOutcomes(outcomes, options.level);
  return OkStatus();
}

// ---------------------------------------------------------------------------
// Testimony

Result<double> PeriodDays(const std::string& per) {
  if (per == "day") return 1.0;
  if (per == "week") return 7.0;
  if (per == "month") return 365.2425 / 12;
  if (per == "year") return 365.2425;
  return InvalidArgumentError("--per: expected day, week, month or year, got '" + per + "'");
}

// Returns the first and last day (days since 1970) that `text` may mean.
Result<std::pair<int64_t, int64_t>> DaySpan(const std::string& text, const char* option) {
  Result<PartialDate> date = PartialDate::Parse(text);
  if (!date.ok() || !date->known()) {
    return InvalidArgumentError(
        std::string(option) + ": expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '" + text + "'");
  }
  const int first_month = date->month() ? date->month() : 1;
  const int last_month = date->month() ? date->month() : 12;
  const int first_day = date->day() ? date->day() : 1;
  const int last_day = date->day() ? date->day() : DaysInMonth(date->year(), last_month);
  return std::make_pair(DaysFromCivil({date->year(), first_month, first_day}),
                        DaysFromCivil({date->year(), last_month, last_day}));
}

Status RunTestimony(const GlobalOptions& global, const EstimateOptions& options) {
  estimate::TestimonyInput input;
  input.per_event = {options.count_min, options.count_max};
  input.events_per_period = {options.events_min, options.events_max};
  ASSIGN_OR_RETURN(input.period_days, PeriodDays(options.per));
  ASSIGN_OR_RETURN(auto from, DaySpan(options.from, "--from"));
  ASSIGN_OR_RETURN(auto to, DaySpan(options.to, "--to"));
  // Days counted inclusively: the shortest reading runs from the last day
  // `from` may mean to the first day `to` may mean, the longest the reverse.
  const int64_t shortest = to.first - from.second + 1, longest = to.second - from.first + 1;
  if (shortest < 1) {
    return InvalidArgumentError("--from " + options.from + " --to " + options.to +
                                ": the period must end after it starts");
  }
  input.duration_days = {static_cast<double>(shortest), static_cast<double>(longest)};
  input.draws = options.draws;
  input.seed = options.seed;
  input.level = options.level;
  ASSIGN_OR_RETURN(estimate::TestimonyEstimate result, estimate::EstimateTestimony(input));
  if (global.json) {
    PrintJson({{"method", "testimony"},
               {"estimate", result.median},
               {"mean", result.mean},
               {"lower", result.lower},
               {"upper", result.upper},
               {"level", result.level},
               {"minimum", result.minimum},
               {"maximum", result.maximum},
               {"draws", input.draws},
               {"seed", input.seed},
               {"duration_days", {shortest, longest}},
               {"assumptions", result.assumptions}});
    return OkStatus();
  }
  PrintTable({{"median", "mean", "lower", "upper", "minimum", "maximum"},
              {Fixed(result.median, 0), Fixed(result.mean, 0), Fixed(result.lower, 0),
               Fixed(result.upper, 0), Fixed(result.minimum, 0), Fixed(result.maximum, 0)}});
  std::cout << "interval: " << Fixed(100 * result.level, 0) << "% of " << input.draws
            << " Monte Carlo draws (seed " << input.seed << ")\n"
            << "assumptions: " << result.assumptions << "\n";
  return OkStatus();
}

}  // namespace

CommandRunner AddEstimateCommands(CLI::App& app) {
  CommandTable<EstimateOptions> table;
  EstimateOptions& o = table.options();
  CLI::App* estimate =
      app.add_subcommand("estimate", "estimate how many persons no list recorded (MSE)");
  estimate->add_option("--method", o.method, "loglinear|lcmcr|all")->default_val("loglinear");
  estimate->add_option("--model", o.model,
                       "fix the log-linear model: independence, all2 or terms such as a*b,c*d "
                       "(default: search by --criterion)");
  estimate->add_option("--criterion", o.criterion, "aic|bic")->default_val("aic");
  estimate->add_option("--max-order", o.max_order,
                       "highest interaction order searched, as Rcapture's maxorder (default K-1)");
  estimate->add_option("--lists", o.lists, "use only these lists: a,b,c");
  estimate->add_option("--merge", o.merge, "merge lists: a+b or a+b,c+d");
  estimate->add_option("--by", o.by, "stratify by fields: governorate,arrest_year,sex,...");
  estimate->add_option("--histories", o.histories,
                       "capture histories CSV (0/1 column per list and count)");
  estimate->add_option("--seed", o.seed, "random seed")->default_val(1);
  estimate->add_option("--chains", o.chains, "lcmcr chains (run in parallel)")->default_val(2);
  estimate->add_option("--samples", o.samples, "lcmcr draws kept per chain")->default_val(1000);
  estimate->add_option("--burn-in", o.burnin, "lcmcr burn-in iterations")->default_val(10000);
  estimate->add_option("--thinning", o.thinning, "lcmcr iterations per kept draw")
      ->default_val(100);
  estimate->add_option("--classes", o.classes, "lcmcr latent classes K*")->default_val(10);
  estimate->add_option("--level", o.level, "interval level")->default_val(0.95);
  estimate->add_option("--plot", o.plot, "write an SVG of the posterior of N (lcmcr)");
  estimate->add_option("--draws", o.draws_file,
                       "write the posterior draws of N as CSV: stratum,chain,draw,N (lcmcr)");
  CLI::App* testimony = table.Add(estimate, "testimony",
                                  "rate x duration estimate from a witness's ranges", RunTestimony);
  testimony->add_option("--count-min", o.count_min, "persons per event, low")->required();
  testimony->add_option("--count-max", o.count_max, "persons per event, high")->required();
  testimony->add_option("--per", o.per, "day|week|month|year")->default_val("week");
  testimony->add_option("--events-min", o.events_min, "events per period, low")->default_val(1);
  testimony->add_option("--events-max", o.events_max, "events per period, high")->default_val(1);
  testimony->add_option("--from", o.from, "start: YYYY, YYYY-MM or YYYY-MM-DD")->required();
  testimony->add_option("--to", o.to, "end: YYYY, YYYY-MM or YYYY-MM-DD")->required();
  testimony->add_option("--draws", o.draws, "Monte Carlo draws")->default_val(100000);
  testimony->add_option("--seed", o.seed, "random seed")->default_val(1);
  testimony->add_option("--level", o.level, "interval level")->default_val(0.95);
  CommandRunner run_testimony = std::move(table).Runner();
  const EstimateOptions* options = &o;  // owned by run_testimony's state
  return [run_testimony, estimate, options](const GlobalOptions& global) -> std::optional<Status> {
    if (std::optional<Status> status = run_testimony(global)) return status;
    if (estimate->parsed()) return RunEstimate(global, *options);
    return std::nullopt;
  };
}

}  // namespace sijil::cli
