// A progress bar for long work, shown on stderr only when it is a terminal
// and only once the work has taken more than a second.
#ifndef SIJIL_CLI_PROGRESS_H_
#define SIJIL_CLI_PROGRESS_H_

#include <chrono>
#include <string>

namespace sijil::cli {

class ProgressBar {
 public:
  // `label` is printed before the bar, e.g. "import list_1.csv".
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Records that `fraction` (0..1) of the work is done; `detail` (e.g. a row
  // count) is shown after the percentage. Cheap to call often.
  void Update(double fraction, const std::string& detail = "");
  // Clears the bar's line if one was drawn.
  void Finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace sijil::cli

#endif  // SIJIL_CLI_PROGRESS_H_
